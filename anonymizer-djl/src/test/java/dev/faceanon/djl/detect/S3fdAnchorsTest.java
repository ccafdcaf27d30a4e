package dev.faceanon.djl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class S3fdAnchorsTest {

    @Test
    void stridesDoubleFromFourTo128() {
        int[] strides = new int[S3fd.LEVELS];
        for (int level = 0; level < S3fd.LEVELS; level++) {
            strides[level] = S3fdAnchors.stride(level);
        }
        assertArrayEquals(new int[] {4, 8, 16, 32, 64, 128}, strides);
        assertThrows(IllegalArgumentException.class, () -> S3fdAnchors.stride(6));
        assertThrows(IllegalArgumentException.class, () -> S3fdAnchors.stride(-1));
    }

    @Test
    void priorsAreCellCentredSquaresFourStridesWide() {
        // Level 0, cell (0, 0): centre (4/2, 4/2), side 16.
        assertEquals(new PriorBox(2, 2, 16), S3fdAnchors.prior(0, 0, 0));
        // Level 0, row 3, column 5: centre (2 + 5·4, 2 + 3·4).
        assertEquals(new PriorBox(22, 14, 16), S3fdAnchors.prior(0, 3, 5));
        // Level 2 (stride 16), row 1, column 0: centre (8, 24), side 64.
        assertEquals(new PriorBox(8, 24, 64), S3fdAnchors.prior(2, 1, 0));
        // Level 5 (stride 128), row 2, column 1: centre (192, 320), side 512.
        assertEquals(new PriorBox(192, 320, 512), S3fdAnchors.prior(5, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> S3fdAnchors.prior(0, -1, 0));
    }

    @Test
    void zeroOffsetsDecodeToThePriorItself() {
        assertArrayEquals(new double[] {-6, -6, 10, 10}, new PriorBox(2, 2, 16).decode(0, 0, 0, 0));
        assertArrayEquals(new double[] {-64, 64, 448, 576}, new PriorBox(192, 320, 512).decode(0, 0, 0, 0));
    }

    @Test
    void offsetsMoveTheCentreByTenthsAndScaleTheSideExponentially() {
        PriorBox prior = new PriorBox(22, 14, 16);
        // dx = 2.5: centre x 22 + 0.25·16 = 26; dh = 5·ln 2: height 16·2 = 32; dw = −5·ln 2: width 8.
        double[] b = prior.decode(2.5f, 0f, (float) (-5 * Math.log(2)), (float) (5 * Math.log(2)));
        assertArrayEquals(new double[] {22, -2, 30, 30}, b, 1e-5);
        // dy = −1: centre y 14 − 1.6.
        assertArrayEquals(new double[] {14, 4.4, 30, 20.4}, prior.decode(0f, -1f, 0f, 0f), 1e-6);
    }

    @Test
    void centreOffsetIsScaledInFloat32LikeTheReference() {
        // 3f·0.1f rounds to 0.30000001192092896 in float32; the prior then enters in float64.
        double[] b = new PriorBox(2, 2, 16).decode(3f, 0f, 0f, 0f);
        assertEquals(2 + 0.30000001192092896 * 16 - 8, b[0], 0.0);
        assertEquals(2 + 0.30000001192092896 * 16 - 8 + 16, b[2], 0.0);
    }

    @Test
    void overflowingSizeIsNotFinite() {
        double[] b = new PriorBox(2, 2, 16).decode(0f, 0f, 1000f, 0f);
        assertEquals(Double.NEGATIVE_INFINITY, b[0]);
    }
}
