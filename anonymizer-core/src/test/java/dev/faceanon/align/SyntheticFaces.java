package dev.faceanon.align;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Faces of known geometry: the alignment template placed in a photo by a chosen similarity. */
public final class SyntheticFaces {

    private SyntheticFaces() {}

    /**
     * @param side the template unit square's side in photo pixels
     * @param angle rotation in radians (clockwise on screen)
     * @param cx where the template point (0.5, 0.5) lands, x
     * @param cy where it lands, y
     * @return the template→photo similarity
     */
    public static AffineTransform2D placement(double side, double angle, double cx, double cy) {
        AffineTransform2D rot = AffineTransform2D.similarity(side, angle, 0, 0);
        return AffineTransform2D.of(rot.m00(), rot.m01(), cx - rot.applyX(0.5, 0.5), rot.m10(), rot.m11(),
                cy - rot.applyY(0.5, 0.5));
    }

    /**
     * @param templateToImage where the template goes
     * @return a 68-point face whose 33 alignment points are exactly the mapped template; jaw and
     *     inner mouth are plausible but unused by the alignment
     */
    public static Face face68(AffineTransform2D templateToImage) {
        Point[] unit = new Point[68];
        List<Point> t = WholeFaceAlignment.template();
        int[] idx = WholeFaceAlignment.templateIndices();
        for (int i = 0; i < idx.length; i++) {
            unit[idx[i]] = t.get(i);
        }
        for (int j = 0; j <= 16; j++) {
            double a = Math.PI * j / 16;
            unit[j] = new Point(0.5 - 0.6 * Math.cos(a), 0.2 + 0.95 * Math.sin(a));
        }
        for (int j = 49; j <= 53; j++) {
            unit[j] = new Point(0.254 + (j - 48) * 0.079, 0.74);
        }
        for (int j = 55; j <= 67; j++) {
            unit[j] = new Point(0.3 + (j - 55) * 0.033, 0.83);
        }
        return faceOf(LandmarkScheme.IBUG_68, templateToImage, List.of(unit));
    }

    /**
     * @param templateToImage where the template goes
     * @return the five-point face of the same placement (eye centres, nose tip, mouth corners)
     */
    public static Face face5(AffineTransform2D templateToImage) {
        List<Point> t = WholeFaceAlignment.template();
        double[] le = {0, 0};
        double[] re = {0, 0};
        for (int k = 0; k < 6; k++) {
            le[0] += t.get(19 + k).x() / 6;
            le[1] += t.get(19 + k).y() / 6;
            re[0] += t.get(25 + k).x() / 6;
            re[1] += t.get(25 + k).y() / 6;
        }
        List<Point> unit = List.of(new Point(le[0], le[1]), new Point(re[0], re[1]), t.get(13), t.get(31), t.get(32));
        return faceOf(LandmarkScheme.FIVE_POINT, templateToImage, unit);
    }

    private static Face faceOf(LandmarkScheme scheme, AffineTransform2D m, List<Point> unit) {
        List<Point> pts = new ArrayList<>();
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Point p : unit) {
            Point q = m.apply(p);
            pts.add(q);
            minX = Math.min(minX, q.x());
            minY = Math.min(minY, q.y());
            maxX = Math.max(maxX, q.x());
            maxY = Math.max(maxY, q.y());
        }
        return new Face(new BoundingBox(minX, minY, maxX, maxY), 0.99, scheme, pts);
    }

    /**
     * @param width columns
     * @param height rows
     * @param seed PRNG seed
     * @return a smooth photo (low-frequency colour waves plus mild noise), realistic enough for
     *     resampling round trips
     */
    public static RgbImage smoothPhoto(int width, int height, long seed) {
        Random rng = new Random(seed);
        double[] f = new double[9];
        for (int i = 0; i < f.length; i++) {
            f[i] = 0.02 + 0.05 * rng.nextDouble();
        }
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 128 + 60 * Math.sin(f[3 * c] * x + f[3 * c + 1] * y) + 40 * Math.cos(f[3 * c + 2] * (x - y));
                    rgb[(y * width + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return RgbImage.of(width, height, rgb);
    }

    /**
     * @param width columns
     * @param height rows
     * @param rgb the colour 0xRRGGBB
     * @return a uniform image
     */
    public static RgbImage uniform(int width, int height, int rgb) {
        byte[] out = new byte[width * height * 3];
        for (int i = 0; i < out.length; i += 3) {
            out[i] = (byte) (rgb >> 16);
            out[i + 1] = (byte) (rgb >> 8);
            out[i + 2] = (byte) rgb;
        }
        return RgbImage.of(width, height, out);
    }
}
