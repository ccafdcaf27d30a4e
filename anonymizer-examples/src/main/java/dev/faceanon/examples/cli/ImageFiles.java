package dev.faceanon.examples.cli;

import dev.faceanon.FaceAnonException;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.text.UntrustedText;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Reading and writing image files with messages a user can act on.
 *
 * <p>Reading checks the dimensions in the header before decoding, so a decompression bomb is
 * refused instead of exhausting the heap, and applies the EXIF orientation, because the output
 * carries no metadata and would otherwise show sideways. Writing produces a new file from pixels
 * only: no EXIF, GPS, XMP or comments of the input survive. Files are written to a temporary name
 * and moved into place, so an interrupted run never leaves a half-written image.
 */
final class ImageFiles {
    /** JPEG quality: ImageIO's default (0.75) visibly degrades the generated faces. */
    static final float JPEG_QUALITY = 0.95f;

    /** Temporary files being written; removed if the JVM is stopped (Ctrl-C) before they are moved into place. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(p -> p.toFile().delete()),
                "faceanon-partial-files"));
    }

    private ImageFiles() {}

    /** Damage reports quoted in a message; a corrupt file can make a decoder report the same fault many times. */
    private static final int MAX_DAMAGE_REPORTS = 3;

    /**
     * An image as decoded, and the damage its decoder reported.
     *
     * @param image the pixels, upright
     * @param damage the decoder's reports of truncated or corrupt data, distinct, in order; empty
     *     for an intact file. A decoder cannot see every corruption (JPEG and GIF data carry no
     *     checksum), so empty means none was noticed.
     */
    record Decoded(BufferedImage image, List<String> damage) {}

    /**
     * @param file an image file
     * @return its pixels, upright
     * @throws FaceAnonException naming the file if it is missing, unreadable, too large or damaged
     * @throws IOException if reading fails
     */
    static BufferedImage read(Path file) throws IOException {
        return read(file, false).image();
    }

    /**
     * Decodes an image, noticing damage. A truncated or corrupt JPEG or GIF decodes "successfully":
     * the decoder fills in what is missing (grey for JPEG) or decodes garbage, and only warns. A
     * face in the damaged part could go undetected and be written unchanged, so damage is an error
     * unless accepted.
     *
     * @param file an image file
     * @param acceptDamaged whether to return a damaged image as decoded instead of failing
     * @return its pixels, upright, with the damage reported
     * @throws FaceAnonException naming the file if it is missing, unreadable, too large, or
     *     damaged and damage is not accepted
     * @throws IOException if reading fails
     */
    static Decoded read(Path file, boolean acceptDamaged) throws IOException {
        long maxPixels = BufferedImageConverter.DEFAULT_MAX_PIXELS;
        if (!Files.isRegularFile(file)) {
            throw new FaceAnonException("image not found: " + file);
        }
        BufferedImage image;
        Set<String> damage = new LinkedHashSet<>();
        try (ImageInputStream in = open(file)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new FaceAnonException("not a readable image (supported: " + String.join(", ",
                        BatchPlan.IMAGE_EXTENSIONS) + "): " + file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> damage.add(warning));
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new FaceAnonException("image too large: " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels, at most " + maxPixels + " are accepted; downscale it first: " + file);
                }
                image = reader.read(0);
            } catch (IOException | RuntimeException e) {
                if (e instanceof FaceAnonException) {
                    throw e;
                }
                throw new FaceAnonException("not a readable image (" + problem(e) + "): " + file, e);
            } finally {
                reader.dispose();
            }
        }
        if (!damage.isEmpty() && !acceptDamaged) {
            throw new FaceAnonException("damaged image: the decoder reports " + damage.stream()
                    .limit(MAX_DAMAGE_REPORTS).map(s -> UntrustedText.quote(s, '"')).collect(Collectors.joining(", "))
                    + "; parts of it may be filled in or garbled, where a face could go undetected and stay"
                    + " unchanged. Repair or re-export it, or pass --accept-damaged to process it as decoded: " + file);
        }
        return new Decoded(ExifOrientation.of(file).apply(image), List.copyOf(damage));
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

    static void write(BufferedImage image, Path file) throws IOException {
        String format = BatchPlan.extension(file).orElse("");
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (format.isEmpty() || !writers.hasNext()) {
            throw new FaceAnonException("cannot write '" + format + "' images; use .png or .jpg: " + file);
        }
        if (image.getColorModel().hasAlpha() && (format.equals("jpg") || format.equals("jpeg"))) {
            // JPEG has no alpha; drop it by the same rule as the library's input conversion.
            image = BufferedImageConverter.toBufferedImage(new BufferedImageConverter().toRgbImage(image));
        }
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new FaceAnonException("cannot write " + file + ": " + e.getFile() + " is a file, not a directory", e);
        } catch (IOException e) {
            throw new FaceAnonException("cannot write " + file + ": " + IoProblem.describe(e), e);
        }
        // Not Files.createTempFile: its 0600 mode would survive the move; a new file gets the umask's.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(System.nanoTime())
                + ".part");
        IN_FLIGHT.add(temp);
        try {
            ImageWriter writer = writers.next();
            try (OutputStream stream = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW);
                    ImageOutputStream out = ImageIO.createImageOutputStream(stream)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (param.canWriteCompressed() && (format.equals("jpg") || format.equals("jpeg"))) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(JPEG_QUALITY);
                }
                // No metadata argument: the writer emits only what the format requires.
                writer.write(null, new IIOImage(image, null, null), param);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                throw new FaceAnonException("the " + format + " writer cannot store this image (" + e.getMessage()
                        + "); use --format png: " + file, e);
            } finally {
                writer.dispose();
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Not the exception's own text: it names the temporary file, which the user never sees.
            throw new FaceAnonException("cannot write " + file + ": " + IoProblem.describe(e), e);
        } finally {
            Files.deleteIfExists(temp);
            IN_FLIGHT.remove(temp);
        }
    }
}
