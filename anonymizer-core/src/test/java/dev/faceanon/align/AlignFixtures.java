package dev.faceanon.align;

import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Reads the committed OpenCV fixtures beside the tests (written by make_warp_fixtures.py). */
public final class AlignFixtures {

    private AlignFixtures() {}

    /**
     * @param anchor a class whose package holds the resource
     * @param path a path relative to that package
     * @return the data lines (no '#' header) split on tabs
     */
    public static List<String[]> table(Class<?> anchor, String path) {
        try (InputStream in = open(anchor, path)) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param anchor a class whose package holds the resource
     * @param path a path relative to that package
     * @return the decoded PNG as RGB
     */
    public static RgbImage image(Class<?> anchor, String path) {
        try (InputStream in = open(anchor, path)) {
            BufferedImage image = ImageIO.read(in);
            return new BufferedImageConverter().toRgbImage(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(Class<?> anchor, String path) {
        InputStream in = anchor.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + anchor.getPackageName() + "/" + path
                    + "; regenerate it with the make_*_fixtures.py script there");
        }
        return in;
    }

    /**
     * @param a an image
     * @param b an image of the same size
     * @return {count of differing samples, largest difference}
     */
    public static int[] difference(RgbImage a, RgbImage b) {
        byte[] x = a.toByteArray();
        byte[] y = b.toByteArray();
        int count = 0;
        int max = 0;
        for (int i = 0; i < x.length; i++) {
            int d = Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
            if (d != 0) {
                count++;
                max = Math.max(max, d);
            }
        }
        return new int[] {count, max};
    }
}
