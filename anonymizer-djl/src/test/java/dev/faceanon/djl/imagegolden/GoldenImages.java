package dev.faceanon.djl.imagegolden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faceanon.image.RgbImage;

/** Compares golden U8 images sample by sample. */
final class GoldenImages {

    private GoldenImages() {
    }

    static void assertSame(RgbImage expected, RgbImage actual, String what) {
        assertEquals(expected.width() + "x" + expected.height(), actual.width() + "x" + actual.height(),
                what + " size (WxH)");
        byte[] e = expected.toByteArray();
        byte[] a = actual.toByteArray();
        int differing = 0;
        for (int i = 0; i < e.length; i++) {
            if (e[i] != a[i]) {
                differing++;
            }
        }
        assertEquals(0, differing, what + ": samples differing from the reference out of " + e.length);
        assertArrayEquals(e, a, what);
    }
}
