package dev.faceanon.batch;

import dev.faceanon.FaceAnonException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Writes image files from pixels only ({@link ImageEncoder}: no metadata of the input survives),
 * whole or not at all ({@link AtomicFiles}).
 */
public final class ImageFiles {

    private ImageFiles() {}

    /**
     * @param image the pixels
     * @param file where they go; its extension names the format
     * @throws FaceAnonException naming the file if the format cannot be written or the file cannot
     *     be written there
     */
    public static void write(BufferedImage image, Path file) {
        AtomicFiles.write(ImageEncoder.encode(image, ImageFormats.extension(file).orElse(""), file.toString()), file);
    }
}
