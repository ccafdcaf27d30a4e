package dev.faceanon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hand-computed resampling results and invariants; Pillow's own outputs are in the fixture test. */
class PillowResamplerTest {

    private static RgbImage grey(int width, int height, int... values) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < values.length; i++) {
            Arrays.fill(rgb, i * 3, i * 3 + 3, (byte) values[i]);
        }
        return RgbImage.of(width, height, rgb);
    }

    @Test
    void halvingTwoPixelsRoundsHalfUp() {
        // Bilinear 2 -> 1: taps at distance 0.25 of a kernel widened to 2, weights 0.5 each;
        // (0 + 255) / 2 = 127.5 becomes 128 through the half-unit start of the accumulator.
        assertEquals(128, PillowResampler.resize(grey(2, 1, 0, 255), 1, 1, ResampleFilter.BILINEAR).sample(0, 0, 0));
        assertEquals(15, PillowResampler.resize(grey(2, 1, 10, 20), 1, 1, ResampleFilter.BILINEAR).sample(0, 0, 1));
        // The same along the vertical axis alone.
        assertEquals(128, PillowResampler.resize(grey(1, 2, 0, 255), 1, 1, ResampleFilter.BOX).sample(0, 0, 2));
    }

    @Test
    void bicubicUpscaleOvershootsAndClips() {
        // Bicubic 2 -> 4 of a 0/255 step. Output centres map to source 0.25, 0.75, 1.25, 1.75; each
        // sees both source pixels (support 2, clamped to the image). For 0.75 the raw weights are
        // k(0.25) = 0.8671875 and k(0.75) = 0.2265625, normalised 0.79286 / 0.20714, so the output is
        // 255 * 0.20714 = 52.8 -> 53; for 0.25 the far weight k(1.25) = -0.0703125 is negative and
        // the result, -22.5, clips to 0. The other half mirrors it.
        RgbImage up = PillowResampler.resize(grey(2, 1, 0, 255), 4, 1, ResampleFilter.BICUBIC);
        assertEquals(0, up.sample(0, 0, 0));
        assertEquals(53, up.sample(1, 0, 0));
        assertEquals(202, up.sample(2, 0, 0));
        assertEquals(255, up.sample(3, 0, 0));
    }

    @ParameterizedTest
    @EnumSource(ResampleFilter.class)
    void constantImagesStayConstant(ResampleFilter filter) {
        Random random = new Random(filter.ordinal());
        for (int trial = 0; trial < 20; trial++) {
            int w = 1 + random.nextInt(40);
            int h = 1 + random.nextInt(40);
            int v = random.nextInt(256);
            byte[] rgb = new byte[w * h * 3];
            Arrays.fill(rgb, (byte) v);
            int outWidth = 1 + random.nextInt(60);
            int outHeight = 1 + random.nextInt(60);
            RgbImage out = PillowResampler.resize(RgbImage.of(w, h, rgb), outWidth, outHeight, filter);
            for (byte s : out.toByteArray()) {
                assertEquals(v, s & 0xFF, () -> filter + " changed a constant " + w + "x" + h + " image");
            }
        }
    }

    @Test
    void kernelsHavePillowsValues() {
        assertEquals(1.0, ResampleFilter.BICUBIC.weight(0), 0);
        assertEquals(0.5625, ResampleFilter.BICUBIC.weight(0.5), 0);
        assertEquals(-0.0625, ResampleFilter.BICUBIC.weight(-1.5), 0);
        assertEquals(0.0, ResampleFilter.BICUBIC.weight(2), 0);
        assertEquals(0.75, ResampleFilter.BILINEAR.weight(-0.25), 0);
        assertEquals(1.0, ResampleFilter.BOX.weight(0.5), 0);
        assertEquals(0.0, ResampleFilter.BOX.weight(-0.5), 0);
        assertEquals(0.0, ResampleFilter.LANCZOS.weight(3.0), 0);
        assertEquals(Math.sin(Math.PI / 2) / (Math.PI / 2) * Math.sin(Math.PI / 6) / (Math.PI / 6),
                ResampleFilter.LANCZOS.weight(0.5), 1e-15);
        // The window constants enter as floats: 0.54f + 0.46f * cos(pi / 2).
        assertEquals(2 / Math.PI * (double) 0.54f, ResampleFilter.HAMMING.weight(0.5), 1e-16);
    }

    @Test
    void filtersMapToPilCodes() {
        assertEquals(ResampleFilter.LANCZOS, ResampleFilter.fromPilCode(1));
        assertEquals(ResampleFilter.BILINEAR, ResampleFilter.fromPilCode(2));
        assertEquals(ResampleFilter.BICUBIC, ResampleFilter.fromPilCode(3));
        assertEquals(ResampleFilter.BOX, ResampleFilter.fromPilCode(4));
        assertEquals(ResampleFilter.HAMMING, ResampleFilter.fromPilCode(5));
        assertThrows(IllegalArgumentException.class, () -> ResampleFilter.fromPilCode(0));
        assertThrows(IllegalArgumentException.class, () -> ResampleFilter.fromPilCode(6));
    }

    @Test
    void sameSizeReturnsTheImage() {
        RgbImage image = grey(3, 2, 1, 2, 3, 4, 5, 6);
        assertSame(image, PillowResampler.resize(image, 3, 2, ResampleFilter.LANCZOS));
    }

    @Test
    void rejectsBadTargetsBeforeAllocating() {
        RgbImage image = grey(3, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> PillowResampler.resize(image, 0, 2, ResampleFilter.BOX));
        assertThrows(IllegalArgumentException.class, () -> PillowResampler.resize(image, 3, -1, ResampleFilter.BOX));
        assertThrows(ImageTooLargeException.class,
                () -> PillowResampler.resize(image, 100_000, 100_000, ResampleFilter.BOX));
    }
}
