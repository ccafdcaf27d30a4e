package dev.faceanon.batch;

import dev.faceanon.FaceAnonException;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.text.UntrustedText;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image files, or their bytes, into upright pixels with messages a user can act on; a file
 * and its bytes decode to the same pixels and fail with the same message.
 *
 * <p>The dimensions in the header are checked before decoding, so a decompression bomb is refused
 * instead of exhausting the heap. A truncated or corrupt JPEG or GIF decodes "successfully": the
 * decoder fills in what is missing (grey for JPEG) or decodes garbage, and only warns. A face in the
 * damaged part could go undetected and be written unchanged, so damage is an error unless accepted.
 * The EXIF orientation is applied, because outputs carry no metadata and would otherwise show
 * sideways. Immutable and thread-safe.
 */
public final class ImageDecoder {

    /** Damage reports quoted in a message; a corrupt file can make a decoder report the same fault many times. */
    private static final int MAX_DAMAGE_REPORTS = 3;

    private final boolean acceptDamaged;
    private final String acceptOption;

    /**
     * An image as decoded, and the damage its decoder reported.
     *
     * @param image the pixels, upright
     * @param damage the decoder's reports of truncated or corrupt data, distinct, in order; empty
     *     for an intact file. A decoder cannot see every corruption (JPEG and GIF data carry no
     *     checksum), so empty means none was noticed.
     */
    public record Decoded(BufferedImage image, List<String> damage) {
        /**
         * @param image the pixels, upright
         * @param damage the decoder's reports of truncated or corrupt data, distinct, in order; empty
         *     for an intact file. A decoder cannot see every corruption (JPEG and GIF data carry no
         *     checksum), so empty means none was noticed.
         * @throws NullPointerException if a component is null
         */
        public Decoded {
            Objects.requireNonNull(image, "image");
            damage = List.copyOf(damage);
        }
    }

    /**
     * @param acceptDamaged whether an image the decoder reports as damaged is returned as decoded
     *     (with its damage) instead of failing
     * @param acceptOption how the caller's user accepts damaged images (an option such as
     *     {@code --accept-damaged}), named in the message that refuses one
     */
    public ImageDecoder(boolean acceptDamaged, String acceptOption) {
        this.acceptDamaged = acceptDamaged;
        this.acceptOption = Objects.requireNonNull(acceptOption, "acceptOption");
    }

    /**
     * @param file an image file
     * @return its pixels, upright, with the damage reported
     * @throws FaceAnonException naming the file if it is missing, unreadable, not an image, too
     *     large, or damaged and damage is not accepted
     * @throws IOException if closing the file fails
     */
    public Decoded read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FaceAnonException("image not found: " + file);
        }
        try (ImageInputStream in = open(file)) {
            return decode(in, file.toString(), () -> ExifOrientation.of(file));
        }
    }

    /**
     * @param image the bytes of an image file
     * @param name the image's name or path, for messages
     * @return its pixels, upright, with the damage reported
     * @throws FaceAnonException naming the image if it is not an image, too large, or damaged and
     *     damage is not accepted
     */
    public Decoded decode(byte[] image, String name) {
        Objects.requireNonNull(image, "image");
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
            return decode(in, name, () -> ExifOrientation.of(image));
        } catch (IOException e) {
            // Closing a stream over memory does not fail; reading failures are reported by decode.
            throw new FaceAnonException("not a readable image (" + IoProblem.describe(e) + "): " + name, e);
        }
    }

    private Decoded decode(ImageInputStream in, String name, Supplier<ExifOrientation> orientation) {
        long maxPixels = BufferedImageConverter.DEFAULT_MAX_PIXELS;
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new FaceAnonException("not a readable image (supported: " + String.join(", ",
                    new TreeSet<>(ImageFormats.READABLE)) + "): " + name);
        }
        BufferedImage image;
        Set<String> damage = new LinkedHashSet<>();
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((source, warning) -> damage.add(warning));
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > maxPixels) {
                throw new FaceAnonException("image too large: " + reader.getWidth(0) + "x" + reader.getHeight(0)
                        + " pixels, at most " + maxPixels + " are accepted; downscale it first: " + name);
            }
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            if (e instanceof FaceAnonException) {
                throw (FaceAnonException) e;
            }
            throw new FaceAnonException("not a readable image (" + problem(e) + "): " + name, e);
        } finally {
            reader.dispose();
        }
        if (!damage.isEmpty() && !acceptDamaged) {
            throw new FaceAnonException("damaged image: the decoder reports " + damage.stream()
                    .limit(MAX_DAMAGE_REPORTS).map(s -> UntrustedText.quote(s, '"')).collect(Collectors.joining(", "))
                    + "; parts of it may be filled in or garbled, where a face could go undetected and stay"
                    + " unchanged. Repair or re-export it, or use " + acceptOption + " to process it as decoded: "
                    + name);
        }
        return new Decoded(orientation.get().apply(image), List.copyOf(damage));
    }

    /** Opened directly: through ImageIO, a file that cannot be opened is reported as "Can't create cache file!". */
    private static ImageInputStream open(Path file) {
        try {
            return new FileImageInputStream(file.toFile());
        } catch (IOException e) {
            throw new FaceAnonException("cannot read the image (" + (Files.isReadable(file) ? IoProblem.describe(e)
                    : "permission denied") + "): " + file, e);
        }
    }

    /** What a decoder's exception means; a decoder's own runtime failures only tell that the data is bad. */
    private static String problem(Exception e) {
        if (e.getCause() instanceof EOFException eof) {
            return IoProblem.describe(eof);
        }
        return e instanceof IOException io ? IoProblem.describe(io) : "corrupt or unsupported data";
    }
}
