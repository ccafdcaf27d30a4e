package dev.faceanon.batch;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.Point;
import dev.faceanon.testing.RealAstronaut;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * The real photograph of {@code ../shared/real} (the astronaut portrait and its dlib landmarks), and a photo with
 * two faces made from it: the astronaut as she is on the left, and on the right a second face the recognizer takes
 * for another person (0.66 from her, 0.70 from a featureless image; the command line's {@code KeepGalleryCliTest}
 * checks both): her face made symmetric from its right half, widened by 30 %, flattened by 20 % and darkened. In
 * the test jar, for the tests of the command line and of Spark.
 */
public final class RealPhoto {
    /** The side of the astronaut photo. */
    public static final int SIZE = 512;

    /**
     * @param image the photo, 1024×512
     * @param astronaut her face as faces.json gives it
     * @param other the second face, with the landmarks and box moved as the pixels were
     */
    public record TwoFaces(BufferedImage image, Face astronaut, Face other) {}

    private RealPhoto() {}

    /** @return {@code ../shared/real} */
    public static Path directory() {
        return RealAstronaut.directory();
    }

    /** @return the astronaut photo's file */
    public static Path astronautFile() {
        return RealAstronaut.photoFile();
    }

    /** @return the astronaut photo's pixels */
    public static BufferedImage astronaut() {
        return RealAstronaut.photo();
    }

    /** @return her face, as the faces file beside the photo gives it */
    public static Face astronautFace() {
        return RealAstronaut.face();
    }

    /** @return the photo with two faces */
    public static TwoFaces twoFaces() {
        BufferedImage a = astronaut();
        Face face = astronautFace();
        double mid = face.landmarks().get(27).x();
        double cy = face.landmarks().get(27).y();
        double sx = 1.3;
        double sy = 0.8;
        BufferedImage out = new BufferedImage(2 * SIZE, SIZE, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                out.setRGB(x, y, a.getRGB(x, y));
                double srcX = mid + (x - mid) / sx;
                if (srcX < mid) {
                    srcX = 2 * mid - srcX;
                }
                int xi = (int) Math.max(0, Math.min(SIZE - 1, Math.round(srcX)));
                int yi = (int) Math.max(0, Math.min(SIZE - 1, Math.round(cy + (y - cy) / sy)));
                int v = a.getRGB(xi, yi);
                int r = (int) ((v >> 16 & 0xFF) * 0.55);
                int g = (int) ((v >> 8 & 0xFF) * 0.45);
                int b = (int) ((v & 0xFF) * 0.4);
                out.setRGB(SIZE + x, y, r << 16 | g << 8 | b);
            }
        }
        List<Point> landmarks = face.landmarks().stream()
                .map(p -> new Point(SIZE + mid + (p.x() - mid) * sx, cy + (p.y() - cy) * sy)).toList();
        BoundingBox box = face.box();
        Face other = new Face(new BoundingBox(SIZE + mid + (box.x1() - mid) * sx, cy + (box.y1() - cy) * sy,
                SIZE + mid + (box.x2() - mid) * sx, cy + (box.y2() - cy) * sy), 1, face.scheme(), landmarks);
        return new TwoFaces(out, face, other);
    }
}
