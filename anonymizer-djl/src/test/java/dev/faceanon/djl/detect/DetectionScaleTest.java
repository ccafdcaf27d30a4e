package dev.faceanon.djl.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.face.BoundingBox;
import org.junit.jupiter.api.Test;

class DetectionScaleTest {

    @Test
    void photosWithinTheBoundRunAtFullResolution() {
        DetectionScale s = DetectionScale.fit(1600, 900, 1600);
        assertEquals(new DetectionScale(1600, 900, 1600, 900), s);
        assertTrue(s.isIdentity());
        BoundingBox box = new BoundingBox(1.5, 2.5, 30, 40);
        assertSame(box, s.toSource(box));
    }

    @Test
    void largerPhotosShrinkToTheBoundKeepingTheAspectRatio() {
        // 4000 · 1600/6000 = 1066.67, rounded.
        assertEquals(new DetectionScale(6000, 4000, 1600, 1067), DetectionScale.fit(6000, 4000, 1600));
        assertEquals(new DetectionScale(3000, 4000, 1200, 1600), DetectionScale.fit(3000, 4000, 1600));
        assertEquals(new DetectionScale(2000, 2000, 1000, 1000), DetectionScale.fit(2000, 2000, 1000));
        // An extreme strip keeps at least one row.
        assertEquals(new DetectionScale(100000, 10, 1000, 1), DetectionScale.fit(100000, 10, 1000));
    }

    @Test
    void boxesScaleBackPerAxis() {
        DetectionScale s = DetectionScale.fit(6000, 4000, 1600);
        BoundingBox back = s.toSource(new BoundingBox(16, 10.67, 1600, 1067));
        assertEquals(16 * 3.75, back.x1(), 1e-9);
        assertEquals(1600 * 3.75, back.x2(), 1e-9);
        assertEquals(10.67 * 4000 / 1067, back.y1(), 1e-9);
        assertEquals(4000, back.y2(), 1e-9);
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> DetectionScale.fit(0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> DetectionScale.fit(10, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new DetectionScale(10, 10, 11, 10));
    }
}
