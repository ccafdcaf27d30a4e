package dev.faceanon.align;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three fit conditions at their thresholds, with values computed by hand. */
class LandmarkFitTest {
    private static final BoundingBox BOX = new BoundingBox(0, 0, 100, 100);

    /** Five points: (50 ± a, 50), (50, 50 ± b), (50, 50); σx = a·√0.4, σy = b·√0.4, no covariance. */
    private static Face cross(double a, double b) {
        return new Face(BOX, 1, LandmarkScheme.FIVE_POINT, List.of(new Point(50 - a, 50), new Point(50 + a, 50),
                new Point(50, 50 - b), new Point(50, 50 + b), new Point(50, 50)));
    }

    @Test
    void landmarksMayLieUpToHalfTheLongerSideOutsideTheBox() {
        // Longer side 100: up to 50 px outside. The cross is spread enough to pass the other checks.
        Face atLimit = new Face(new BoundingBox(0, 20, 100, 80), 1, LandmarkScheme.FIVE_POINT, List.of(
                new Point(-50, 30), new Point(150, 30), new Point(50, -30), new Point(30, 130), new Point(70, 60)));
        assertDoesNotThrow(() -> LandmarkFit.checkLandmarks(atLimit));
        Face beyond = new Face(new BoundingBox(0, 20, 100, 80), 1, LandmarkScheme.FIVE_POINT, List.of(
                new Point(-50.001, 30), new Point(150, 30), new Point(50, -30), new Point(30, 130.01),
                new Point(70, 60)));
        DegenerateLandmarksException e = assertThrows(DegenerateLandmarksException.class,
                () -> LandmarkFit.checkLandmarks(beyond));
        assertEquals("2 of 5 landmarks lie more than 50 % of the box's longer side outside the box", e.getMessage());
    }

    @Test
    void theSpreadMustReachATwentiethOfTheBoxAlongTheMainAxis() {
        // σx = 8·√0.4 = 5.06 px ≥ 5 px passes; 7.8·√0.4 = 4.93 px fails.
        assertDoesNotThrow(() -> LandmarkFit.checkLandmarks(cross(8, 6)));
        DegenerateLandmarksException e = assertThrows(DegenerateLandmarksException.class,
                () -> LandmarkFit.checkLandmarks(cross(7.8, 6)));
        assertTrue(e.getMessage().startsWith("clustered: they spread over 4.9 % of the box's longer side"),
                e.getMessage());
        assertThrows(DegenerateLandmarksException.class, () -> LandmarkFit.checkLandmarks(cross(0, 0)));
    }

    @Test
    void theSpreadAcrossTheMainAxisMustReachATenthOfThatAlongIt() {
        // σy / σx = b / a: 2.1 / 20 passes, 1.9 / 20 fails, in any direction.
        assertDoesNotThrow(() -> LandmarkFit.checkLandmarks(cross(20, 2.1)));
        DegenerateLandmarksException e = assertThrows(DegenerateLandmarksException.class,
                () -> LandmarkFit.checkLandmarks(cross(20, 1.9)));
        assertTrue(e.getMessage().startsWith("(nearly) collinear: their spread across their main axis is 9.5 %"),
                e.getMessage());
        assertThrows(DegenerateLandmarksException.class, () -> LandmarkFit.checkLandmarks(cross(1.9, 20)));
        // The same line, rotated by 45°.
        double d = 20 / Math.sqrt(2);
        double e2 = 1.9 / Math.sqrt(2);
        Face diagonal = new Face(BOX, 1, LandmarkScheme.FIVE_POINT, List.of(new Point(50 - d, 50 - d),
                new Point(50 + d, 50 + d), new Point(50 + e2, 50 - e2), new Point(50 - e2, 50 + e2),
                new Point(50, 50)));
        assertThrows(DegenerateLandmarksException.class, () -> LandmarkFit.checkLandmarks(diagonal));
    }

    @Test
    void onlyTheLandmarksTheAlignmentUsesCountForTheSpread() {
        // The 33 alignment points piled within 2 px of the centre, the other 35 (jaw, inner mouth)
        // spread over the box: all 68 together would look spread, the alignment's points are not.
        Face f = SyntheticFaces.face68(SyntheticFaces.placement(60, 0, 100, 100));
        Point[] pts = f.landmarks().toArray(new Point[0]);
        int k = 0;
        for (int i : WholeFaceAlignment.templateIndices()) {
            pts[i] = new Point(100 + 2 * Math.cos(k), 100 + 2 * Math.sin(k));
            k++;
        }
        Face piled = new Face(f.box(), 1, LandmarkScheme.IBUG_68, List.of(pts));
        DegenerateLandmarksException e = assertThrows(DegenerateLandmarksException.class,
                () -> LandmarkFit.checkLandmarks(piled));
        assertTrue(e.getMessage().startsWith("clustered"), e.getMessage());
    }

    @Test
    void boxesAtTheEdgeOfTheDoubleRangeAreJudgedWithoutOverflow() {
        double m = Double.MAX_VALUE;
        BoundingBox huge = new BoundingBox(-m, -m, m, m);
        // Spread over the whole box: fits the box (the coverage check then needs a photo).
        Face spread = new Face(huge, 1, LandmarkScheme.FIVE_POINT, List.of(new Point(-m / 2, -m / 2),
                new Point(m / 2, -m / 2), new Point(0, 0), new Point(-m / 3, m / 2), new Point(m / 3, m / 2)));
        assertDoesNotThrow(() -> LandmarkFit.checkLandmarks(spread));
        Face point = new Face(huge, 1, LandmarkScheme.FIVE_POINT, List.of(new Point(1, 2), new Point(3, 4),
                new Point(5, 1), new Point(2, 2), new Point(0, 0)));
        assertThrows(DegenerateLandmarksException.class, () -> LandmarkFit.checkLandmarks(point));
        Face empty = new Face(new BoundingBox(5, 5, 5, 5), 1, LandmarkScheme.FIVE_POINT, List.of(new Point(5, 5),
                new Point(5, 5), new Point(5, 5), new Point(5, 5), new Point(5, 5)));
        assertThrows(DegenerateLandmarksException.class, () -> LandmarkFit.checkLandmarks(empty));
    }

    /** A face whose crop is the photo square [9.5, 73.5]², unscaled. */
    private static AlignedFace unscaled(BoundingBox box) {
        AffineTransform2D m = AffineTransform2D.of(1, 0, -10, 0, 1, -10);
        Face f = new Face(box, 1, LandmarkScheme.FIVE_POINT, cross(20, 20).landmarks());
        return new AlignedFace(f, m, SyntheticFaces.uniform(64, 64, 0), 100, 100);
    }

    @Test
    void theFeatherIsNarrowedWhereTheBoxComesCloserToTheEdgeThanItsMargin() {
        PasteBack feathered = PasteBack.feathered();
        // The default margin is 64/16 = 4 crop pixels. Box pixels 20..60 lie at crop 10..50: 10.5 from the edge.
        AlignedFace clear = unscaled(new BoundingBox(20, 20, 60, 60));
        assertSame(feathered, feathered.fittedTo(clear));
        assertTrue(feathered.coversBox(clear));
        // Pixels 12..60: crop 2..50, 2.5 from the edge.
        AlignedFace close = unscaled(new BoundingBox(12, 12, 60, 60));
        PasteBack narrowed = feathered.fittedTo(close);
        assertNotSame(feathered, narrowed);
        assertEquals(2.5 / 64, narrowed.featherFraction(), 1e-9);
        assertTrue(feathered.coversBox(close));
        assertFalse(PasteBack.feathered().mask(close.imageToCrop(), 64, 100, 100).alpha(12, 30) >= 1,
                "without narrowing the box's edge would be blended");
        // Pixels 5..: crop -5, outside the square: nothing helps.
        AlignedFace outside = unscaled(new BoundingBox(5, 5, 60, 60));
        assertSame(feathered, feathered.fittedTo(outside));
        assertFalse(feathered.coversBox(outside));
    }

    @Test
    void theHardPasteCoversTheBoxExactlyUpToTheSquaresEdge() {
        PasteBack hard = PasteBack.hard();
        assertSame(hard, hard.fittedTo(unscaled(new BoundingBox(12, 12, 60, 60))));
        assertTrue(hard.coversBox(unscaled(new BoundingBox(10, 10, 73, 73))));
        assertFalse(hard.coversBox(unscaled(new BoundingBox(9, 10, 73, 73))));
        assertFalse(hard.coversBox(unscaled(new BoundingBox(10, 10, 74, 73))));
        assertThrows(DegenerateLandmarksException.class,
                () -> LandmarkFit.checkCoverage(unscaled(new BoundingBox(9, 10, 73, 73)), hard));
        DegenerateLandmarksException e = assertThrows(DegenerateLandmarksException.class,
                () -> LandmarkFit.checkCoverage(unscaled(new BoundingBox(200, 10, 273, 73)), hard));
        assertEquals("its box lies outside the 100x100 photo", e.getMessage());
    }

    @Test
    void theBoxPixelsAreThoseWithinHalfAPixelOfTheBoxClippedToThePhoto() {
        assertEquals(new PixelRect(10, 21, 32, 42), PixelRect.ofBox(new BoundingBox(10.2, 20.7, 30.5, 40.5), 100, 100));
        assertEquals(new PixelRect(5, 5, 6, 6), PixelRect.ofBox(new BoundingBox(5, 5, 5, 5), 100, 100));
        assertEquals(new PixelRect(5, 5, 7, 7), PixelRect.ofBox(new BoundingBox(5.5, 5.5, 5.5, 5.5), 100, 100));
        double m = Double.MAX_VALUE;
        assertEquals(new PixelRect(0, 0, 100, 80), PixelRect.ofBox(new BoundingBox(-m, -m, m, m), 100, 80));
        assertTrue(PixelRect.ofBox(new BoundingBox(1e300, 1e300, 2e300, 2e300), 100, 80).isEmpty());
        assertTrue(PixelRect.ofBox(new BoundingBox(-20, 10, -0.6, 30), 100, 80).isEmpty());
        assertEquals(new PixelRect(0, 10, 1, 31), PixelRect.ofBox(new BoundingBox(-20, 10, -0.5, 30), 100, 80));
        assertEquals(0, PixelRect.ofBox(new BoundingBox(100, 0, 200, 10), 100, 80).area());
    }
}
