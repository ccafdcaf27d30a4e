package dev.faceanon.sampling;

/**
 * Ancestral DDPM sampling as diffusers 0.25.1's {@code DDPMScheduler.step} computes it; with
 * {@link SamplerOptions#stableDiffusion21()} this is the official face anonymisation sampler
 * (v-prediction, scaled-linear betas, leading spacing with offset 1, {@code fixed_small}, noise at
 * every step).
 *
 * <p><b>Algebra.</b> For step i at timestep t, with r = ⌊T/N⌋, {@code a_t = ᾱ_t},
 * {@code a_p = ᾱ_{t−r}} (1 when t − r &lt; 0), {@code b = 1 − a}, {@code α = a_t/a_p},
 * {@code β = 1 − α}:
 * <pre>
 *   x0     = sqrt(a_t)·x − sqrt(b_t)·v                 (v-prediction; epsilon: (x − sqrt(b_t)·ε)/sqrt(a_t);
 *                                                        sample: m), clamped if clipping is on
 *   x_prev = (sqrt(a_p)·β/b_t)·x0 + (sqrt(α)·b_p/b_t)·x + s·ε
 *   s      = sqrt(max(b_p/b_t·β, 1e-20))                (fixed_small, fixed_small_log)
 *          = sqrt(β)                                    (fixed_large)
 * </pre>
 * so {@code cx = sqrt(α)·b_p/b_t}, {@code c0 = sqrt(a_p)·β/b_t}, {@code cm = cp = 0}, {@code cn = s}.
 * Noise is drawn whenever t &gt; 0: with offset 1 that includes the last step (t = 1), where
 * a_p = 1 makes the posterior variance 0, so the floor gives s = 1e-10 and the step returns
 * x0 + 1e-10·ε. Only a schedule reaching t = 0 (offset 0) has a noise-free last step.
 */
public final class DdpmSampler extends StridedSampler {

    /** diffusers clamps the posterior variance here (it is 0 when a_p = 1). */
    static final double VARIANCE_FLOOR = 1e-20;

    DdpmSampler(NoiseSchedule schedule, SamplerOptions options) {
        super(schedule, options);
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.DDPM;
    }

    @Override
    double finalAlphaCumprod() {
        return 1.0;
    }

    @Override
    StepCoefficients step(int index, int t, double at, double ap) {
        SamplerOptions options = options();
        double bt = 1 - at;
        double bp = 1 - ap;
        double alpha = at / ap;
        double beta = 1 - alpha;
        X0Coefficients x0 = X0Coefficients.of(options.predictionType(), Math.sqrt(at), Math.sqrt(bt));
        boolean noise = t > 0;
        double std = 0;
        if (noise) {
            std = options.varianceType() == VarianceType.FIXED_LARGE
                    ? Math.sqrt(beta)
                    : Math.sqrt(Math.max(bp / bt * beta, VARIANCE_FLOOR));
        }
        return new StepCoefficients(index, t, 1, x0.fromSample(), x0.fromModel(), options.clipSampleRange(),
                Math.sqrt(alpha) * bp / bt, 0, Math.sqrt(ap) * beta / bt, 0, std, noise);
    }
}
