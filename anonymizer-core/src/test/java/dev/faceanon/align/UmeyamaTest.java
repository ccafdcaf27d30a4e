package dev.faceanon.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.face.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UmeyamaTest {

    private static List<Point> randomPoints(Random rng, int n) {
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Point(rng.nextDouble() * 200 - 50, rng.nextDouble() * 120 + 10));
        }
        return out;
    }

    private static List<Point> map(AffineTransform2D m, List<Point> points) {
        return points.stream().map(m::apply).toList();
    }

    @Test
    void recoversAKnownSimilarityExactly() {
        Random rng = new Random(1);
        for (double angle : new double[] {0, 0.6, -2.5, Math.PI}) {
            AffineTransform2D truth = AffineTransform2D.similarity(1.7, angle, 12, -4);
            List<Point> src = randomPoints(rng, 33);
            AffineTransform2D est = Umeyama.estimate(src, map(truth, src));
            assertArrayEquals(truth.toRowMajor(), est.toRowMajor(), 1e-11, "angle " + angle);
        }
    }

    @Test
    void excludesReflectionsAsHandComputed() {
        // dst mirrors src about the y axis. Cross-covariance A = diag(-0.5, 2) has det < 0, so the
        // smaller singular direction is flipped: R = I, scale (2 - 0.5) / (0.5 + 2) = 0.6, t = 0.
        List<Point> src = List.of(new Point(1, 0), new Point(-1, 0), new Point(0, 2), new Point(0, -2));
        List<Point> dst = List.of(new Point(-1, 0), new Point(1, 0), new Point(0, 2), new Point(0, -2));
        AffineTransform2D est = Umeyama.estimate(src, dst);
        assertArrayEquals(new double[] {0.6, 0, 0, 0, 0.6, 0}, est.toRowMajor(), 1e-15);
        assertTrue(est.determinant() > 0);
    }

    @Test
    void mirroredPointSetGivesARotationNotTheMirror() {
        Random rng = new Random(2);
        List<Point> src = randomPoints(rng, 20);
        AffineTransform2D mirror = AffineTransform2D.of(-1.3, 0, 40, 0, 1.3, 5);
        AffineTransform2D est = Umeyama.estimate(src, map(mirror, src));
        assertTrue(est.determinant() > 0, "a proper similarity");
        assertEquals(est.m00(), est.m11(), 1e-12);
        assertEquals(est.m01(), -est.m10(), 1e-12);
    }

    @Test
    void collinearPointsUseTheRankOneBranch() {
        List<Point> src = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            src.add(new Point(3 + 2 * i, 5 + i));
        }
        AffineTransform2D truth = AffineTransform2D.similarity(0.8, 1.1, -7, 30);
        List<Point> dst = map(truth, src);
        AffineTransform2D est = Umeyama.estimate(src, dst);
        for (int i = 0; i < src.size(); i++) {
            Point p = est.apply(src.get(i));
            assertEquals(dst.get(i).x(), p.x(), 1e-9);
            assertEquals(dst.get(i).y(), p.y(), 1e-9);
        }
    }

    @Test
    void officialMixedPrecisionStaysWithinFloat32OfFloat64() {
        Random rng = new Random(3);
        List<Point> src = randomPoints(rng, 33);
        List<Point> dst = map(AffineTransform2D.similarity(0.004, 0.3, 0.2, 0.1), src);
        float[] s = new float[66];
        float[] d = new float[66];
        List<Point> s32 = new ArrayList<>();
        List<Point> d32 = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            s[2 * i] = (float) src.get(i).x();
            s[2 * i + 1] = (float) src.get(i).y();
            d[2 * i] = (float) dst.get(i).x();
            d[2 * i + 1] = (float) dst.get(i).y();
            s32.add(new Point(s[2 * i], s[2 * i + 1]));
            d32.add(new Point(d[2 * i], d[2 * i + 1]));
        }
        double[] official = Umeyama.estimateAsOfficial(s, d);
        double[] exact = Umeyama.estimate(s32, d32).toRowMajor();
        for (int i = 0; i < 6; i++) {
            assertEquals(exact[i], official[i], 1e-6 * Math.max(1, Math.abs(exact[i])) + 1e-6);
        }
    }

    @Test
    void rejectsDegenerateInput() {
        List<Point> same = List.of(new Point(4, 4), new Point(4, 4), new Point(4, 4));
        assertThrows(DegenerateLandmarksException.class, () -> Umeyama.estimate(same, same));
        assertThrows(IllegalArgumentException.class, () -> Umeyama.estimate(same, same.subList(0, 2)));
        assertThrows(IllegalArgumentException.class, () -> Umeyama.estimate(same.subList(0, 1), same.subList(0, 1)));
    }
}
