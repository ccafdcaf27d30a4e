package dev.faceanon.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoiseSourcesTest {
    private static final long[] LATENT = {1, 4, 64, 64};

    @Test
    void seededNoiseIsReproducibleAndStandardNormal() {
        float[] a = new SeededNoiseSource(7).next(NoiseKind.INITIAL_LATENTS, LATENT);
        float[] b = new SeededNoiseSource(7).next(NoiseKind.INITIAL_LATENTS, LATENT);
        float[] c = new SeededNoiseSource(8).next(NoiseKind.INITIAL_LATENTS, LATENT);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        // 16384 samples: the standard error of the mean is 1/128 and of the variance ~0.011,
        // so these 5-sigma bands fail only for a broken generator.
        double mean = 0;
        double sq = 0;
        int beyond3 = 0;
        for (float v : a) {
            mean += v;
            sq += v * v;
            if (Math.abs(v) > 3) {
                beyond3++;
            }
        }
        mean /= a.length;
        double var = sq / a.length - mean * mean;
        assertEquals(0, mean, 5.0 / 128);
        assertEquals(1, var, 5 * 0.011);
        // P(|z| > 3) = 0.0027: 44 expected.
        assertTrue(beyond3 > 15 && beyond3 < 90, "tail count " + beyond3);
    }

    @Test
    void successiveDrawsDiffer() {
        SeededNoiseSource s = new SeededNoiseSource(1);
        assertFalse(Arrays.equals(s.next(NoiseKind.VAE_POSTERIOR, new long[] {8}),
                s.next(NoiseKind.VAE_POSTERIOR, new long[] {8})));
    }

    @Test
    void replayChecksKindShapeAndCount() {
        ReplayNoiseSource r = new ReplayNoiseSource(List.of(
                new ReplayNoiseSource.Draw(NoiseKind.VAE_POSTERIOR, new long[] {2}, new float[] {1, 2}),
                new ReplayNoiseSource.Draw(NoiseKind.SAMPLER_STEP, new long[] {1}, new float[] {3})));
        assertArrayEquals(new float[] {1, 2}, r.next(NoiseKind.VAE_POSTERIOR, new long[] {2}));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> r.next(NoiseKind.INITIAL_LATENTS, new long[] {1}));
        assertTrue(e.getMessage().contains("recorded SAMPLER_STEP"), e.getMessage());
        assertEquals(1, r.remaining());
        assertArrayEquals(new float[] {3}, r.next(NoiseKind.SAMPLER_STEP, new long[] {1}));
        assertThrows(IllegalStateException.class, () -> r.next(NoiseKind.SAMPLER_STEP, new long[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new ReplayNoiseSource.Draw(NoiseKind.SAMPLER_STEP, new long[] {3}, new float[2]));
    }

    @Test
    void aRecordedDrawIsNotChangedThroughTheArraysItWasMadeFromOrHandsOut() {
        long[] shape = {2};
        float[] values = {1, 2};
        ReplayNoiseSource.Draw draw = new ReplayNoiseSource.Draw(NoiseKind.VAE_POSTERIOR, shape, values);
        values[0] = 99;
        shape[0] = 5;
        draw.values()[1] = 42;
        draw.shape()[0] = 7;
        assertArrayEquals(new float[] {1, 2}, draw.values());
        assertArrayEquals(new long[] {2}, draw.shape());
        ReplayNoiseSource replay = new ReplayNoiseSource(List.of(draw));
        assertArrayEquals(new float[] {1, 2}, replay.next(NoiseKind.VAE_POSTERIOR, new long[] {2}));
        assertEquals(new ReplayNoiseSource.Draw(NoiseKind.VAE_POSTERIOR, new long[] {2}, new float[] {1, 2}), draw,
                "draws compare by content");
    }

    @Test
    void elementCountIsBounded() {
        assertEquals(16384, NoiseSource.elementCount(LATENT));
        assertThrows(IllegalArgumentException.class, () -> NoiseSource.elementCount(new long[] {1 << 20, 1 << 20}));
        assertThrows(IllegalArgumentException.class, () -> NoiseSource.elementCount(new long[] {-1}));
    }
}
