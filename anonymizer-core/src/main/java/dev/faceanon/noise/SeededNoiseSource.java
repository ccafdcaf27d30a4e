package dev.faceanon.noise;

import java.util.SplittableRandom;

/**
 * Deterministic noise from a 64-bit seed. The generator (SplittableRandom) and the Gaussian
 * transform (polar Box-Muller, implemented here rather than relying on the JDK's unspecified
 * {@code nextGaussian} algorithm) are fixed, so a seed gives the same noise on every JVM and
 * device; outputs can still differ across devices through floating-point kernels.
 *
 * <p>This is not torch's generator: it cannot reproduce the noise of the Python reference, which
 * parity tests replay with {@link ReplayNoiseSource}.
 */
public final class SeededNoiseSource implements NoiseSource {
    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    /**
     * @param seed the seed
     */
    public SeededNoiseSource(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public float[] next(NoiseKind kind, long[] shape) {
        float[] out = new float[NoiseSource.elementCount(shape)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) gaussian();
        }
        return out;
    }

    private double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }
}
