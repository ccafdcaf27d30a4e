package dev.faceanon.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTest {
    private final Face face = new Face(new BoundingBox(10, 20, 30, 40), 0.8, LandmarkScheme.FIVE_POINT,
            List.of(new Point(0, 0), new Point(12, 22), new Point(20, 30), new Point(15, 35), new Point(25, 35)));

    @Test
    void scalingMovesPixelCentresAsAResizeOfThePhotoDoes() {
        // x → (x + 0.5)·sx − 0.5: 10 → 20.5, 30 → 60.5 at sx = 2; 20 → 9.75, 40 → 19.75 at sy = 0.5.
        Face scaled = face.scaled(2, 0.5);
        assertEquals(new BoundingBox(20.5, 9.75, 60.5, 19.75), scaled.box());
        assertEquals(new Point(0.5, -0.25), scaled.landmarks().get(0));
        assertEquals(new Point(24.5, 10.75), scaled.landmarks().get(1));
        assertEquals(0.8, scaled.score());
        assertEquals(LandmarkScheme.FIVE_POINT, scaled.scheme());
        // The pixel grid's outer edge stays put: a 4-px photo halved to 2 px maps its edge −0.5 to −0.5.
        assertEquals(-0.5, new Face(new BoundingBox(-0.5, -0.5, 3.5, 3.5), 1, LandmarkScheme.FIVE_POINT,
                face.landmarks()).scaled(0.5, 0.5).box().x1());
        assertEquals(1.5, new Face(new BoundingBox(-0.5, -0.5, 3.5, 3.5), 1, LandmarkScheme.FIVE_POINT,
                face.landmarks()).scaled(0.5, 0.5).box().x2());
        assertEquals(face, face.scaled(1, 1));
    }

    @Test
    void scalesMustBePositiveAndFinite() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> face.scaled(bad, 1));
            assertThrows(IllegalArgumentException.class, () -> face.scaled(1, bad));
        }
        // A scale that takes a coordinate beyond the doubles is refused by the box, not turned into infinity.
        assertThrows(IllegalArgumentException.class, () -> face.scaled(Double.MAX_VALUE, 1));
    }
}
