package dev.faceanon.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.face.Face;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class AffineTransform2DTest {

    @Test
    void appliesAndInvertsHandComputedMap() {
        // x' = 2x - y + 3, y' = x + 2y - 1; det 5; inverse x = (2x' + y' - 5)/5, y = (-x' + 2y' + 5)/5.
        AffineTransform2D m = AffineTransform2D.of(2, -1, 3, 1, 2, -1);
        assertEquals(new Point(3 + 2 * 4 - 5, -1 + 4 + 10), m.apply(new Point(4, 5)));
        assertArrayEquals(new double[] {0.4, 0.2, -1, -0.2, 0.4, 1}, m.inverse().toRowMajor(), 1e-15);
        Point p = new Point(-7.25, 13.5);
        Point back = m.inverse().apply(m.apply(p));
        assertEquals(p.x(), back.x(), 1e-12);
        assertEquals(p.y(), back.y(), 1e-12);
        assertEquals(5, m.determinant(), 0);
        assertEquals(Math.sqrt(5), m.lengthScale(), 1e-15);
    }

    @Test
    void throughPointsMapsTheThreePointsAndComposes() {
        Point[] from = {new Point(10, 20), new Point(50, 25), new Point(30, 80)};
        Point[] to = {new Point(0, 0), new Point(512, 0), new Point(512, 512)};
        AffineTransform2D m = AffineTransform2D.throughPoints(from, to);
        for (int i = 0; i < 3; i++) {
            assertEquals(to[i].x(), m.apply(from[i]).x(), 1e-9);
            assertEquals(to[i].y(), m.apply(from[i]).y(), 1e-9);
        }
        AffineTransform2D shift = AffineTransform2D.of(1, 0, 5, 0, 1, -3);
        Point q = m.andThen(shift).apply(new Point(1, 2));
        assertEquals(m.apply(new Point(1, 2)).x() + 5, q.x(), 1e-9);
        assertEquals(m.apply(new Point(1, 2)).y() - 3, q.y(), 1e-9);
    }

    @Test
    void rejectsDegenerateInput() {
        Point[] collinear = {new Point(0, 0), new Point(1, 1), new Point(2, 2)};
        assertThrows(IllegalArgumentException.class, () -> AffineTransform2D.throughPoints(collinear, collinear));
        assertThrows(IllegalStateException.class, () -> AffineTransform2D.of(1, 2, 0, 2, 4, 0).inverse());
        assertThrows(IllegalArgumentException.class, () -> AffineTransform2D.of(Double.NaN, 0, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> AffineTransform2D.fromRowMajor(1, 2, 3));
    }

    @Test
    void similarityRotatesClockwiseOnScreen() {
        AffineTransform2D r = AffineTransform2D.similarity(2, Math.PI / 2, 1, 1);
        Point p = r.apply(new Point(1, 0));
        assertEquals(1, p.x(), 1e-12);
        assertEquals(3, p.y(), 1e-12);
    }

    @Test
    void mapsWithoutAFiniteInverseAreRefusedWhereACropIsMappedBack() {
        // Singular, and invertible in principle but with an inverse beyond the double range.
        AffineTransform2D singular = AffineTransform2D.of(1, 2, 0, 2, 4, 0);
        AffineTransform2D tiny = AffineTransform2D.of(1e-300, 0, 0, 0, 1e-300, 0);
        AffineTransform2D farOff = AffineTransform2D.of(1e-10, 0, 1e300, 0, 1e-10, 0);
        RgbImage photo = SyntheticFaces.uniform(20, 10, 0x123456);
        RgbImage crop = SyntheticFaces.uniform(8, 8, 0);
        Face face = SyntheticFaces.face5(SyntheticFaces.placement(5, 0, 10, 5));
        for (AffineTransform2D m : List.of(singular, tiny, farOff)) {
            assertFalse(m.isInvertible(), m.toString());
            assertThrows(IllegalStateException.class, m::inverse);
            for (PasteBack paste : List.of(PasteBack.hard(), PasteBack.feathered())) {
                assertThrows(IllegalArgumentException.class, () -> paste.paste(photo, crop, m));
                assertThrows(IllegalArgumentException.class, () -> paste.mask(m, 8, 20, 10));
            }
            assertThrows(IllegalArgumentException.class, () -> AffineWarp.crop(photo, m, 8));
            assertThrows(IllegalArgumentException.class, () -> new AlignedFace(face, m, crop, 20, 10));
        }
        assertTrue(AffineTransform2D.of(1e-150, 0, 5, 0, 1e-150, 5).isInvertible());
    }
}
