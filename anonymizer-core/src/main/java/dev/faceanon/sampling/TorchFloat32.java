package dev.faceanon.sampling;

/**
 * The float32 tensor arithmetic diffusers uses to build a noise schedule, reproduced bit for bit
 * with Java {@code float} operations, so that betas and ᾱ equal the reference tables exactly rather
 * than to within a few ulp.
 */
final class TorchFloat32 {

    /**
     * libtorch's CPU linspace runs 8-lane float vectors (AVX2), two per loop iteration, and
     * finishes the tail with the scalar formula.
     */
    private static final int LANES = 8;
    private static final int BLOCK = 2 * LANES;

    private TorchFloat32() {
    }

    /**
     * {@code torch.linspace(start, end, steps, dtype=float32)} as libtorch's AVX2 CPU kernel computes
     * it. Each element is {@code start + step·i} for the first half and {@code end − step·(steps−1−i)}
     * for the second, with {@code step = (end − start)/(steps − 1)} in float. Inside a vector the
     * kernel computes the first lane that way and the others as {@code base + k·step}; the compiler
     * fuses each multiply-add into an FMA. Reproducing this makes SD's betas bit-identical to the
     * reference (checked on all 1000). Other builds (AVX-512, CUDA) differ by at most an ulp
     * (about 2e-9 for SD's betas). Above 32768 steps libtorch splits the work across threads, so
     * bit parity is only claimed below that.
     *
     * @param start first value (rounded to float, as torch converts its scalar argument)
     * @param end last value (rounded to float)
     * @param steps number of values, at least 1
     * @return the values
     */
    static float[] linspace(double start, double end, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("linspace needs at least one step, got " + steps);
        }
        float s = (float) start;
        float e = (float) end;
        float[] out = new float[steps];
        if (steps == 1) {
            out[0] = s;
            return out;
        }
        float step = (e - s) / (float) (steps - 1);
        int halfway = steps / 2;
        int i = 0;
        for (; i <= steps - BLOCK; i += BLOCK) {
            for (int v = i; v < i + BLOCK; v += LANES) {
                float base = element(s, e, step, v, steps, halfway);
                for (int k = 0; k < LANES; k++) {
                    out[v + k] = Math.fma((float) k, step, base);
                }
            }
        }
        for (; i < steps; i++) {
            out[i] = element(s, e, step, i, steps, halfway);
        }
        return out;
    }

    private static float element(float start, float end, float step, int i, int steps, int halfway) {
        return i < halfway
                ? Math.fma(step, (float) i, start)
                : Math.fma(-step, (float) (steps - 1 - i), end);
    }

    /**
     * {@code torch.cumprod} of a float32 tensor on CPU: libtorch accumulates in double (its CPU
     * accumulation type for float) and rounds each partial product to float.
     *
     * @param values the factors
     * @return the running products
     */
    static float[] cumprod(float[] values) {
        float[] out = new float[values.length];
        double acc = 1.0;
        for (int i = 0; i < values.length; i++) {
            acc *= values[i];
            out[i] = (float) acc;
        }
        return out;
    }

    /**
     * @param x a value
     * @return the float32 square root, correctly rounded as torch's {@code sqrt} / {@code ** 0.5}
     */
    static float sqrt(float x) {
        // The double square root of a float, rounded to float, is the correctly rounded float root.
        return (float) Math.sqrt(x);
    }
}
