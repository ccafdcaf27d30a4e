package dev.faceanon.djl.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The posterior on hand-computed values: channel split, log-variance clamp, std and sampling. */
class DiagonalGaussianDistributionTest {

    // [1, 2, 1, 3]: channel 0 holds the means, channel 1 the log-variances, two of them outside [-30, 20].
    private static final float[] MOMENTS = {0.5f, -1f, 2f, -40f, 2f, 25f};

    @Test
    void splitsClampsAndSamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            DiagonalGaussianDistribution p = new DiagonalGaussianDistribution(
                    m.create(MOMENTS, new Shape(1, 2, 1, 3)));
            assertEquals(new Shape(1, 1, 1, 3), p.mean().getShape());
            assertArrayEquals(new float[] {0.5f, -1f, 2f}, p.mean().toFloatArray());
            assertArrayEquals(new float[] {-30f, 2f, 20f}, p.logvar().toFloatArray());
            float[] std = {(float) Math.exp(-15), (float) Math.exp(1), (float) Math.exp(10)};
            float[] actualStd = p.std().toFloatArray();
            for (int i = 0; i < 3; i++) {
                // Relative: the values span e^-15 to e^10.
                assertEquals(std[i], actualStd[i], 1e-6f * std[i]);
            }
            assertSame(p.mean(), p.mode());
            float[] noise = {1f, -0.5f, 0.25f};
            float[] sample = p.sample(m.create(noise, new Shape(1, 1, 1, 3))).toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(p.mean().toFloatArray()[i] + std[i] * noise[i], sample[i], 1e-6f * Math.abs(sample[i]) + 1e-7f);
            }
        }
    }

    @Test
    void sampleUsesTheParametersType() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray moments = m.create(MOMENTS, new Shape(1, 2, 1, 3)).toType(DataType.FLOAT16, false);
            DiagonalGaussianDistribution p = new DiagonalGaussianDistribution(moments);
            NDArray s = p.sample(m.zeros(new Shape(1, 1, 1, 3), DataType.FLOAT32));
            assertEquals(DataType.FLOAT16, s.getDataType());
            assertArrayEquals(new float[] {0.5f, -1f, 2f}, s.toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    @Test
    void rejectsOddChannelsAndMismatchedNoise() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> new DiagonalGaussianDistribution(m.zeros(new Shape(1, 3, 2, 2))));
            assertThrows(IllegalArgumentException.class,
                    () -> new DiagonalGaussianDistribution(m.zeros(new Shape(2, 4))));
            DiagonalGaussianDistribution p = new DiagonalGaussianDistribution(m.zeros(new Shape(1, 4, 2, 3)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.sample(m.zeros(new Shape(1, 2, 3, 2))));
            assertEquals("noise must have the posterior's shape (1, 2, 2, 3), got (1, 2, 3, 2)", e.getMessage());
        }
    }
}
