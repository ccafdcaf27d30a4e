package dev.faceanon.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FaceDescriptorTest {

    private static float[] values(float first, float second) {
        float[] v = new float[FaceDescriptor.LENGTH];
        v[0] = first;
        v[127] = second;
        return v;
    }

    @Test
    void distanceIsEuclidean() {
        FaceDescriptor a = FaceDescriptor.of(values(1, 2));
        FaceDescriptor b = FaceDescriptor.of(values(4, 6));
        assertEquals(5.0, a.distanceTo(b), 0);
        assertEquals(5.0, b.distanceTo(a), 0);
        assertEquals(0.0, a.distanceTo(a), 0);
        FaceRecognizer recognizer = new FaceRecognizer() {
            @Override
            public FaceDescriptor describe(dev.faceanon.image.RgbImage image, Face face) {
                throw new UnsupportedOperationException();
            }

            @Override
            public FaceDescriptor describeCrop(dev.faceanon.image.RgbImage crop) {
                throw new UnsupportedOperationException();
            }
        };
        assertEquals(5.0, recognizer.distance(a, b), 0);
        assertEquals(0.6, FaceRecognizer.DEFAULT_MATCH_THRESHOLD);
    }

    @Test
    void isImmutableAndComparedByValue() {
        float[] v = values(1, 2);
        FaceDescriptor d = FaceDescriptor.of(v);
        v[0] = 9;
        assertEquals(1f, d.get(0));
        d.values()[0] = 9;
        assertEquals(1f, d.get(0));
        assertEquals(FaceDescriptor.of(values(1, 2)), d);
        assertEquals(FaceDescriptor.of(values(1, 2)).hashCode(), d.hashCode());
        assertNotEquals(FaceDescriptor.of(values(1, 3)), d);
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(128));
    }

    @Test
    void neverShowsItsValues() {
        FaceDescriptor d = FaceDescriptor.of(values(0.123456f, -0.654321f));
        assertEquals("FaceDescriptor[128 values]", d.toString());
        assertFalse(d.toString().contains("0.12"));
    }

    @Test
    void refusesWrongLengthsAndNonFiniteValues() {
        assertThrows(IllegalArgumentException.class, () -> FaceDescriptor.of(new float[127]));
        assertThrows(IllegalArgumentException.class, () -> FaceDescriptor.of(values(Float.NaN, 0)));
        assertThrows(IllegalArgumentException.class, () -> FaceDescriptor.of(values(0, Float.POSITIVE_INFINITY)));
        assertThrows(NullPointerException.class, () -> FaceDescriptor.of(null));
    }
}
