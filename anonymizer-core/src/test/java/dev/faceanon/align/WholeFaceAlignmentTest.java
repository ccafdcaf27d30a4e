package dev.faceanon.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WholeFaceAlignmentTest {

    /** Float32 arithmetic on coordinates of a few hundred pixels moves crop positions by ~1e-4 px. */
    private static final double CROP_PX = 3e-3;

    private static final double[][] UNIT_POINTS = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0.5, 0.5}, {0.2, 0.8}};

    private static void assertTemplateLandsWhereTheGeometrySays(AffineTransform2D placement, AffineTransform2D m,
            int size, String what) {
        for (double[] uv : UNIT_POINTS) {
            Point inCrop = m.apply(placement.apply(new Point(uv[0], uv[1])));
            double[] f = WholeFaceAlignment.templateToCropFraction(uv[0], uv[1]);
            assertEquals(f[0] * size, inCrop.x(), CROP_PX * size / 512, what + " u=" + uv[0] + " v=" + uv[1]);
            assertEquals(f[1] * size, inCrop.y(), CROP_PX * size / 512, what + " u=" + uv[0] + " v=" + uv[1]);
        }
    }

    @Test
    void wholeFaceGeometryPadsAndShiftsTheTemplateSquare() {
        // Crop side = 2·(0.40·√2 + 0.5) template sides; centre 7 % of a side above the square's.
        double side = 1 / (2 * (0.40 * Math.sqrt(2) + 0.5));
        double[] centre = WholeFaceAlignment.templateToCropFraction(0.5, 0.5);
        assertEquals(0.5, centre[0], 1e-15);
        assertEquals(0.5 + 0.07 * side, centre[1], 1e-15);
        double[] corner = WholeFaceAlignment.templateToCropFraction(1, 1);
        assertEquals(0.5 + side / 2, corner[0], 1e-15);

        AffineTransform2D placement = SyntheticFaces.placement(90, 0, 128, 150);
        AffineTransform2D m = WholeFaceAlignment.imageToCrop(SyntheticFaces.face68(placement), 512);
        assertTemplateLandsWhereTheGeometrySays(placement, m, 512, "upright");
        assertEquals(512 * side / 90, m.lengthScale(), 1e-5);
        assertEquals(0, m.m01(), 1e-6);
    }

    @Test
    void rotatingScalingAndMovingTheFaceMovesTheCropFrameWithIt() {
        for (double degrees : new double[] {0, 17, -35, 48, 90, 180, -135}) {
            for (double side : new double[] {30, 110, 400}) {
                for (int size : new int[] {512, 256, 160}) {
                    AffineTransform2D placement = SyntheticFaces.placement(side, Math.toRadians(degrees), 37 + side,
                            -20 + side / 2);
                    AffineTransform2D m = WholeFaceAlignment.imageToCrop(SyntheticFaces.face68(placement), size);
                    assertTemplateLandsWhereTheGeometrySays(placement, m, size,
                            degrees + "° side " + side + " S " + size);
                }
            }
        }
    }

    @Test
    void rotatedLandmarksGiveTheRotatedMatrix() {
        AffineTransform2D placement = SyntheticFaces.placement(100, 0.3, 200, 180);
        Face face = SyntheticFaces.face68(placement);
        // Jitter so that the fit is a genuine least-squares fit, then rotate the whole face by 48°
        // about (60, 90): the new matrix must be the old one composed with the inverse rotation.
        Random rng = new Random(4);
        List<Point> jittered = new ArrayList<>();
        for (Point p : face.landmarks()) {
            jittered.add(new Point(p.x() + rng.nextGaussian() * 1.5, p.y() + rng.nextGaussian() * 1.5));
        }
        AffineTransform2D rot = AffineTransform2D.similarity(1, Math.toRadians(48), 0, 0);
        AffineTransform2D about = AffineTransform2D.of(1, 0, -60, 0, 1, -90).andThen(rot)
                .andThen(AffineTransform2D.of(1, 0, 60, 0, 1, 90));
        List<Point> rotated = jittered.stream().map(about::apply).toList();
        AffineTransform2D m0 = WholeFaceAlignment.imageToCrop(face68(jittered), 512);
        AffineTransform2D m1 = WholeFaceAlignment.imageToCrop(face68(rotated), 512);
        for (Point p : List.of(new Point(200, 180), new Point(0, 0), new Point(300, 50))) {
            Point a = m0.apply(p);
            Point b = m1.apply(about.apply(p));
            assertEquals(a.x(), b.x(), 0.01);
            assertEquals(a.y(), b.y(), 0.01);
        }
    }

    @Test
    void fivePointFacesAlignLikeTheOfficialFitWhenTheFaceIsExact() {
        for (double degrees : new double[] {0, 25, -60}) {
            AffineTransform2D placement = SyntheticFaces.placement(80, Math.toRadians(degrees), 150, 120);
            AffineTransform2D m68 = WholeFaceAlignment.imageToCrop(SyntheticFaces.face68(placement), 512);
            AffineTransform2D m5 = WholeFaceAlignment.imageToCrop(SyntheticFaces.face5(placement), 512);
            for (double[] uv : UNIT_POINTS) {
                Point p = placement.apply(new Point(uv[0], uv[1]));
                assertEquals(m68.apply(p).x(), m5.apply(p).x(), CROP_PX);
                assertEquals(m68.apply(p).y(), m5.apply(p).y(), CROP_PX);
            }
        }
    }

    @Test
    void fivePointApproximationStaysCloseOnJitteredFaces() {
        // Detector-like noise of 2 px on a 90 px face: the 5-point crop frame stays within 6 % of
        // the crop side of the official 33-point frame (it fits far fewer points).
        Random rng = new Random(5);
        AffineTransform2D placement = SyntheticFaces.placement(90, 0.2, 160, 140);
        double worst = 0;
        for (int trial = 0; trial < 20; trial++) {
            Face f68 = SyntheticFaces.face68(placement);
            List<Point> noisy = new ArrayList<>();
            for (Point p : f68.landmarks()) {
                noisy.add(new Point(p.x() + rng.nextGaussian() * 2, p.y() + rng.nextGaussian() * 2));
            }
            Face jittered = face68(noisy);
            List<Point> five = fiveFrom(noisy);
            AffineTransform2D m68 = WholeFaceAlignment.imageToCrop(jittered, 512);
            AffineTransform2D m5 = WholeFaceAlignment.imageToCrop(
                    new Face(jittered.box(), 1, LandmarkScheme.FIVE_POINT, five), 512);
            Point centre = m68.inverse().apply(new Point(256, 256));
            Point a = m5.apply(centre);
            worst = Math.max(worst, Math.hypot(a.x() - 256, a.y() - 256));
        }
        assertTrue(worst < 0.06 * 512, "5-point frame off by " + worst + " px");
        assertTrue(worst > 0, "the approximation is not exact on noisy faces");
    }

    @Test
    void rejectsBadInput() {
        Face face = SyntheticFaces.face68(SyntheticFaces.placement(90, 0, 128, 150));
        assertThrows(IllegalArgumentException.class, () -> WholeFaceAlignment.imageToCrop(face, 0));
        assertThrows(IllegalArgumentException.class,
                () -> WholeFaceAlignment.imageToCrop(face, WholeFaceAlignment.MAX_CROP_SIZE + 1));
        Face collapsed = face68(Collections.nCopies(68, new Point(10, 10)));
        assertThrows(DegenerateLandmarksException.class, () -> WholeFaceAlignment.imageToCrop(collapsed, 512));
        List<Point> huge = new ArrayList<>(face.landmarks());
        huge.set(20, new Point(1e39, 0));
        assertThrows(DegenerateLandmarksException.class, () -> WholeFaceAlignment.imageToCrop(face68(huge), 512));
    }

    private static Face face68(List<Point> landmarks) {
        return new Face(new BoundingBox(0, 0, 1, 1), 1, LandmarkScheme.IBUG_68, landmarks);
    }

    private static List<Point> fiveFrom(List<Point> lm) {
        double[] l = {0, 0};
        double[] r = {0, 0};
        for (int k = 0; k < 6; k++) {
            l[0] += lm.get(36 + k).x() / 6;
            l[1] += lm.get(36 + k).y() / 6;
            r[0] += lm.get(42 + k).x() / 6;
            r[1] += lm.get(42 + k).y() / 6;
        }
        return List.of(new Point(l[0], l[1]), new Point(r[0], r[1]), lm.get(30), lm.get(48), lm.get(54));
    }

    @Test
    void extremeLandmarksEitherAlignInvertiblyOrAreDegenerate() {
        // Similarities of the template from tiny to huge, at offsets up to the double range: the
        // float32 arithmetic of the official alignment overflows and underflows on the way.
        Random rng = new Random(11);
        double[] scales = {1e-30, 1e-6, 1, 1e6, 1e15, 1e30, 1e36, 3e38, 1e39, 1e300};
        double[] offsets = {0, 1e6, -1e15, 3.3e38, 1e300, -Double.MAX_VALUE};
        int aligned = 0;
        for (double scale : scales) {
            for (double offset : offsets) {
                double angle = rng.nextDouble() * 2 * Math.PI;
                List<Face> faces;
                try {
                    AffineTransform2D placement = SyntheticFaces.placement(scale, angle, offset, -offset / 2);
                    faces = List.of(SyntheticFaces.face68(placement), SyntheticFaces.face5(placement));
                } catch (IllegalArgumentException e) {
                    continue; // the placement itself leaves the double range: no face to align
                }
                for (Face f : faces) {
                    AffineTransform2D m;
                    try {
                        m = WholeFaceAlignment.imageToCrop(f, 64);
                    } catch (DegenerateLandmarksException e) {
                        continue;
                    }
                    AffineTransform2D inverse = m.inverse();
                    assertTrue(Math.abs(m.determinant()) > 0 && Math.abs(inverse.determinant()) > 0, f.toString());
                    aligned++;
                }
            }
        }
        assertTrue(aligned > 10, "the moderate placements align: " + aligned);
    }
}
