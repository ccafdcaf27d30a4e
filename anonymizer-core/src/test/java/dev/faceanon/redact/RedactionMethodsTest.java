package dev.faceanon.redact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedactionMethodsTest {

    private static RgbImage noise(int w, int h, long seed) {
        byte[] b = new byte[w * h * 3];
        new Random(seed).nextBytes(b);
        return RgbImage.of(w, h, b);
    }

    @Test
    void blackOutIsZeroEverywhere() {
        RgbImage out = new BlackOut().apply(noise(37, 29, 1));
        assertEquals(37, out.width());
        assertEquals(29, out.height());
        assertArrayEquals(new byte[37 * 29 * 3], out.toByteArray());
    }

    @Test
    void officialBlurKernelFollowsOpenCvsSigmaRule() {
        // σ = 0.3·((51 − 1)·0.5 − 1) + 0.8 = 8; 8-bit fixed point summing to 256, symmetric, peaked.
        int[] k = new GaussianBlur().kernel();
        assertEquals(51, k.length);
        assertEquals(256, java.util.Arrays.stream(k).sum());
        for (int i = 0; i < 51; i++) {
            assertEquals(k[i], k[50 - i]);
        }
        double expectedCentre = 256 / (8 * Math.sqrt(2 * Math.PI));
        assertEquals(expectedCentre, k[25], 1);
        assertArrayEquals(new int[] {64, 128, 64}, new GaussianBlur(3, 0).kernel());
        assertArrayEquals(new int[] {16, 64, 96, 64, 16}, new GaussianBlur(5, 0).kernel());
    }

    @Test
    void blurKeepsAConstantImageAndItsMean() {
        RgbImage flat = SyntheticFaces.uniform(64, 48, 0x5A7FC3);
        assertEquals(flat, new GaussianBlur().apply(flat));
        // On a smooth photo the mean moves only through rounding and the reflected border.
        RgbImage photo = SyntheticFaces.smoothPhoto(96, 80, 2);
        RgbImage blurred = new GaussianBlur().apply(photo);
        assertEquals(mean(photo), mean(blurred), 3.0);
        assertNotEquals(photo, blurred);
    }

    @Test
    void pixelateMakesSixteenPixelBlocksOfTheCentreAverage() {
        RgbImage crop = noise(512, 512, 3);
        RgbImage out = new Pixelate().apply(crop);
        for (int by = 0; by < 32; by++) {
            for (int bx = 0; bx < 32; bx++) {
                for (int c = 0; c < 3; c++) {
                    // Bilinear 16× reduction samples at 16·b + 7.5: the four centre pixels, rounded half up.
                    int sum = crop.sample(16 * bx + 7, 16 * by + 7, c) + crop.sample(16 * bx + 8, 16 * by + 7, c)
                            + crop.sample(16 * bx + 7, 16 * by + 8, c) + crop.sample(16 * bx + 8, 16 * by + 8, c);
                    int expected = (sum + 2) >> 2;
                    for (int y = 0; y < 16; y++) {
                        for (int x = 0; x < 16; x++) {
                            assertEquals(expected, out.sample(16 * bx + x, 16 * by + y, c));
                        }
                    }
                }
            }
        }
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(50, 0));
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(5, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Pixelate(0));
    }

    private static double mean(RgbImage image) {
        long sum = 0;
        for (byte b : image.toByteArray()) {
            sum += b & 0xFF;
        }
        return (double) sum / (image.pixelCount() * 3);
    }
}
