package dev.faceanon.sampling;

/**
 * One sampler step as scalar coefficients over the tensors a backend holds: the current sample
 * {@code x} (= x_t), the model output {@code m}, the x0 prediction of this step {@code x0}, the x0
 * prediction of the previous step {@code x0'} (multistep solvers only) and fresh Gaussian noise
 * {@code ε}:
 *
 * <pre>
 *   x0     = clamp(ax·x + am·m, ±clip)                 (no clamp when clip is +∞)
 *   x_prev = cx·x + cm·m + c0·x0 + cp·x0' + cn·ε
 * </pre>
 *
 * The x0 term stays separate from x and m because clipping makes it non-linear and because that
 * is the order diffusers evaluates in; {@code cm} carries the part of the update that diffusers
 * computes from the unclipped model output (DDIM's ε). Zero coefficients mean the tensor is not
 * needed. Coefficients are double; they are derived from the float32 schedule tables, and the
 * backend applies them in float32.
 *
 * @param index position in the plan, from 0
 * @param timestep the training timestep t the model is evaluated at
 * @param order solver order of the update: 1, or 2 for a DPM-Solver++ multistep update
 * @param x0FromSample ax
 * @param x0FromModel am
 * @param x0Clip clip bound (positive), {@code +∞} for none
 * @param prevFromSample cx
 * @param prevFromModel cm
 * @param prevFromX0 c0
 * @param prevFromPreviousX0 cp; non-zero only for order 2
 * @param prevFromNoise cn, the standard deviation of the added noise
 * @param needsNoise whether the step consumes a noise tensor. This mirrors when diffusers draws
 *     noise, not whether {@code cn} is non-zero: DDPM draws at every t &gt; 0 (at t = 1 with the
 *     1e-20 variance floor, cn = 1e-10) and DDIM with eta &gt; 0 draws at every step, so a
 *     replayed noise stream stays aligned.
 */
public record StepCoefficients(int index, int timestep, int order, double x0FromSample, double x0FromModel,
        double x0Clip, double prevFromSample, double prevFromModel, double prevFromX0, double prevFromPreviousX0,
        double prevFromNoise, boolean needsNoise) {

    /**
     * Creates an instance, checking its components.
     *
     * @param index position in the plan, from 0
     * @param timestep the training timestep t the model is evaluated at
     * @param order solver order of the update: 1, or 2 for a DPM-Solver++ multistep update
     * @param x0FromSample ax
     * @param x0FromModel am
     * @param x0Clip clip bound (positive), {@code +∞} for none
     * @param prevFromSample cx
     * @param prevFromModel cm
     * @param prevFromX0 c0
     * @param prevFromPreviousX0 cp; non-zero only for order 2
     * @param prevFromNoise cn, the standard deviation of the added noise
     * @param needsNoise whether the step consumes a noise tensor. This mirrors when diffusers draws
     *     noise, not whether {@code cn} is non-zero: DDPM draws at every t &gt; 0 (at t = 1 with the
     *     1e-20 variance floor, cn = 1e-10) and DDIM with eta &gt; 0 draws at every step, so a
     *     replayed noise stream stays aligned.
     * @throws IllegalArgumentException if a coefficient is not finite, the clip bound not positive,
     *     the order not 1 or 2, a first-order step uses the previous x0, or a step without noise has
     *     a noise coefficient
     */
    public StepCoefficients {
        if (index < 0 || timestep < 0) {
            throw new IllegalArgumentException("index and timestep must not be negative: " + index + ", " + timestep);
        }
        if (order != 1 && order != 2) {
            throw new IllegalArgumentException("solver order must be 1 or 2, got " + order);
        }
        double[] all = {x0FromSample, x0FromModel, prevFromSample, prevFromModel, prevFromX0, prevFromPreviousX0,
            prevFromNoise};
        for (double c : all) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("step " + index + " at timestep " + timestep
                        + " has a non-finite coefficient " + c + " (the schedule is degenerate there)");
            }
        }
        if (!(x0Clip > 0)) {
            throw new IllegalArgumentException("x0 clip bound must be positive or +∞, got " + x0Clip);
        }
        if (order == 1 && prevFromPreviousX0 != 0) {
            throw new IllegalArgumentException("a first-order step cannot use the previous x0 prediction");
        }
        if (!needsNoise && prevFromNoise != 0) {
            throw new IllegalArgumentException("a step without noise cannot have a noise coefficient");
        }
        if (prevFromNoise < 0) {
            throw new IllegalArgumentException("the noise coefficient is a standard deviation, got " + prevFromNoise);
        }
    }

    /** @return true if x0 is clamped */
    public boolean clipsX0() {
        return x0Clip != Double.POSITIVE_INFINITY;
    }

    /** @return true if the update reads the previous step's x0 prediction */
    public boolean usesPreviousX0() {
        return prevFromPreviousX0 != 0;
    }

    /**
     * Applies the step to scalars (one element of each tensor). A reference for backends and tests;
     * the tensor backends apply the same formula elementwise.
     *
     * @param x the sample element
     * @param m the model output element
     * @param previousX0 the previous step's x0 element (ignored unless {@link #usesPreviousX0()})
     * @param noise the noise element (ignored unless {@link #needsNoise()})
     * @return {@code {x_prev, x0}}
     */
    public double[] apply(double x, double m, double previousX0, double noise) {
        double x0 = x0FromSample * x + x0FromModel * m;
        if (clipsX0()) {
            x0 = Math.max(-x0Clip, Math.min(x0Clip, x0));
        }
        double prev = prevFromSample * x + prevFromModel * m + prevFromX0 * x0;
        if (usesPreviousX0()) {
            prev += prevFromPreviousX0 * previousX0;
        }
        if (needsNoise) {
            prev += prevFromNoise * noise;
        }
        return new double[] {prev, x0};
    }
}
