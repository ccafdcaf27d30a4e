package dev.faceanon.batch;

import dev.faceanon.FaceAnonException;
import dev.faceanon.image.BufferedImageConverter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encodes pixels into the bytes of an image file that carries no metadata: no EXIF, GPS, XMP or
 * comments of the input survive, only what the format requires. The same pixels and format always
 * give the same bytes, whether they go to a file or elsewhere.
 */
public final class ImageEncoder {
    /** JPEG quality: ImageIO's default (0.75) visibly degrades the generated faces. */
    public static final float JPEG_QUALITY = 0.95f;

    private ImageEncoder() {}

    /**
     * @param format an extension naming the format ({@code png}, {@code jpg}, ...), any case
     * @return whether {@link #encode} can write it
     */
    public static boolean canWrite(String format) {
        return !format.isEmpty() && ImageIO.getImageWritersByFormatName(format.toLowerCase(Locale.ROOT)).hasNext();
    }

    /**
     * @param image the pixels; an alpha channel is dropped for JPEG, by the rule the library's
     *     input conversion follows
     * @param format an extension naming the format ({@code png}, {@code jpg}, ...), any case
     * @param name the image's name or path, for messages
     * @return the encoded image
     * @throws FaceAnonException naming the image if the format cannot be written or cannot store
     *     this image
     */
    public static byte[] encode(BufferedImage image, String format, String name) {
        Objects.requireNonNull(image, "image");
        String kind = format.toLowerCase(Locale.ROOT);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(kind);
        if (kind.isEmpty() || !writers.hasNext()) {
            throw new FaceAnonException("cannot write '" + format + "' images; use .png or .jpg: " + name);
        }
        boolean jpeg = kind.equals("jpg") || kind.equals("jpeg");
        BufferedImage pixels = image;
        if (pixels.getColorModel().hasAlpha() && jpeg) {
            pixels = BufferedImageConverter.toBufferedImage(new BufferedImageConverter().toRgbImage(pixels));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = writers.next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed() && jpeg) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            // No metadata argument: the writer emits only what the format requires.
            writer.write(null, new IIOImage(pixels, null, null), param);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new FaceAnonException("the " + kind + " writer cannot store this image (" + e.getMessage()
                    + "); write it as PNG: " + name, e);
        } catch (IOException e) {
            // Writing to memory fails only inside the encoder.
            throw new FaceAnonException("the " + kind + " writer failed (" + IoProblem.describe(e) + "): " + name, e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
