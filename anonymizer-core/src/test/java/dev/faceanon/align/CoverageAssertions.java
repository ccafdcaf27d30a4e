package dev.faceanon.align;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * The coverage promise checked pixel by pixel, independently of the code under test: every pixel
 * whose centre lies within half a pixel of a reported box (clipped to the photo) must hold the
 * colour the reported action implies. Plus landmark sets that disagree with their box.
 */
public final class CoverageAssertions {
    /** What a stand-in generator paints: a colour the test photos never contain. */
    public static final int MAGENTA = 0xFF00FF;
    /** What the default fallback, a black-out, paints. */
    public static final int BLACK = 0x000000;

    private CoverageAssertions() {}

    /**
     * @param image the result
     * @param box a reported box
     * @param expected which colours (0xRRGGBB) count as covered
     * @param what the face, for the message
     * @return the number of pixels checked
     */
    public static long assertBoxCovered(BufferedImage image, BoundingBox box, IntPredicate expected, String what) {
        double x0 = Math.max(0, Math.ceil(box.x1() - 0.5));
        double x1 = Math.min(image.getWidth() - 1, Math.floor(box.x2() + 0.5));
        double y0 = Math.max(0, Math.ceil(box.y1() - 0.5));
        double y1 = Math.min(image.getHeight() - 1, Math.floor(box.y2() + 0.5));
        long checked = 0;
        long wrong = 0;
        String first = null;
        for (int y = (int) y0; y <= y1; y++) {
            for (int x = (int) x0; x <= x1; x++) {
                checked++;
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (!expected.test(rgb)) {
                    wrong++;
                    if (first == null) {
                        first = String.format("(%d, %d) is 0x%06X", x, y, rgb);
                    }
                }
            }
        }
        if (wrong > 0) {
            fail(what + ": " + wrong + " of " + checked + " pixels of its box " + box + " are not covered; first "
                    + first);
        }
        return checked;
    }

    /** @return true if no pixel of the photo has either colour a coverage check looks for */
    public static boolean isFreeOfCoverColours(BufferedImage photo) {
        for (int y = 0; y < photo.getHeight(); y++) {
            for (int x = 0; x < photo.getWidth(); x++) {
                int rgb = photo.getRGB(x, y) & 0xFFFFFF;
                if (rgb == MAGENTA || rgb == BLACK) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A landmark set that does not fit the box it comes with. */
    public record Hostile(String name, Face face) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Landmark sets that disagree with the box of {@code good} (which keeps its box in each):
     * shifted away, shifted within half a box, outside the photo, collinear, clustered, shrunk,
     * absurdly far, spread far beyond the box; and a collinear five-point set.
     *
     * @param good a face whose landmarks fit its box
     * @return the hostile variants, each with {@code good}'s box
     */
    public static List<Hostile> hostileVariants(Face good) {
        BoundingBox b = good.box();
        double side = Math.max(b.width(), b.height());
        double cx = (b.x1() + b.x2()) / 2;
        double cy = (b.y1() + b.y2()) / 2;
        List<Hostile> out = new ArrayList<>();
        out.add(new Hostile("shifted by 1.5 box sides", moved(good, p -> new Point(p.x() + 1.5 * side, p.y()))));
        out.add(new Hostile("shifted by 0.4 box sides diagonally",
                moved(good, p -> new Point(p.x() + 0.4 * side, p.y() + 0.4 * side))));
        out.add(new Hostile("outside the photo", moved(good, p -> new Point(p.x() + 5000, p.y() - 3000))));
        out.add(new Hostile("shrunk to a quarter around the box centre",
                moved(good, p -> new Point(cx + (p.x() - cx) / 4, cy + (p.y() - cy) / 4))));
        out.add(new Hostile("spread 20 times beyond the box",
                moved(good, p -> new Point(cx + (p.x() - cx) * 20, cy + (p.y() - cy) * 20))));
        out.add(new Hostile("absurd but finite", moved(good, p -> new Point(p.x() * 1e30, p.y() * -1e30))));
        List<Point> line = new ArrayList<>();
        List<Point> cluster = new ArrayList<>();
        for (int i = 0; i < 68; i++) {
            line.add(new Point(b.x1() + b.width() * i / 67, cy));
            cluster.add(new Point(cx + 1.5 * Math.cos(i * 0.7), cy + 1.5 * Math.sin(i * 1.3)));
        }
        out.add(new Hostile("collinear", new Face(b, 0.9, LandmarkScheme.IBUG_68, line)));
        out.add(new Hostile("clustered within 3 pixels", new Face(b, 0.9, LandmarkScheme.IBUG_68, cluster)));
        List<Point> five = List.of(new Point(b.x1(), b.y1()), new Point(cx - side / 4, cy - side / 4),
                new Point(cx, cy), new Point(cx + side / 4, cy + side / 4), new Point(b.x2(), b.y2()));
        out.add(new Hostile("five points on a diagonal", new Face(b, 0.9, LandmarkScheme.FIVE_POINT, five)));
        return out;
    }

    private static Face moved(Face f, UnaryOperator<Point> move) {
        return new Face(f.box(), f.score(), f.scheme(), f.landmarks().stream().map(move).toList());
    }
}
