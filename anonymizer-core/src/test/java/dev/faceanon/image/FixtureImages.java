package dev.faceanon.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Reads the committed image fixtures beside the tests (written by the make_*_fixtures.py scripts). */
final class FixtureImages {

    private FixtureImages() {
    }

    /**
     * @param path a resource path relative to this package, e.g. {@code resize/cases.tsv}
     * @return the open stream
     */
    static InputStream open(String path) {
        InputStream in = FixtureImages.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing test resource dev/faceanon/image/" + path
                    + "; regenerate it with the make_*_fixtures.py script there");
        }
        return in;
    }

    /**
     * @param path a resource path relative to this package
     * @return the decoded image
     */
    static BufferedImage read(String path) {
        try (InputStream in = open(path)) {
            BufferedImage image = ImageIO.read(in);
            if (image == null) {
                throw new IllegalStateException("no ImageIO reader for " + path);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param path a resource path relative to this package
     * @return the decoded image as RGB
     */
    static RgbImage readRgb(String path) {
        return new BufferedImageConverter().toRgbImage(read(path));
    }
}
