package dev.faceanon.djl.imagegolden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faceanon.djl.golden.GoldenCase;
import dev.faceanon.image.RgbImage;

/** Reads golden U8 HWC images and compares them sample by sample. */
final class GoldenImages {

    private GoldenImages() {
    }

    /**
     * @param golden the case
     * @param name a U8 tensor of shape [H, W, 3] or [1, H, W, 3]
     * @return the image
     */
    static RgbImage read(GoldenCase golden, String name) {
        long[] shape = golden.info(name).shape();
        int n = shape.length;
        if (n < 3 || shape[n - 1] != 3 || (n == 4 && shape[0] != 1) || n > 4) {
            fail(name + " is not an HWC RGB image: " + java.util.Arrays.toString(shape));
        }
        long[] values = golden.longs(name);
        byte[] rgb = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            rgb[i] = (byte) values[i];
        }
        return RgbImage.of((int) shape[n - 2], (int) shape[n - 3], rgb);
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
