package dev.faceanon.examples.cli;

import dev.faceanon.FaceAnonException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Reading and writing image files with messages a user can act on. */
final class ImageFiles {

    private ImageFiles() {}

    static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FaceAnonException("image not found: " + file);
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new FaceAnonException("not a readable image (supported: " + String.join(", ",
                    ImageIO.getReaderFormatNames()) + "): " + file);
        }
        return image;
    }

    static void write(BufferedImage image, Path file) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String format = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (format.isEmpty() || !ImageIO.getImageWritersByFormatName(format).hasNext()) {
            throw new FaceAnonException("cannot write '" + format + "' images; use .png or .jpg: " + file);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new FaceAnonException("no writer accepted the image for " + file);
        }
    }
}
