package dev.faceanon.sampling;

/**
 * DDIM sampling as diffusers 0.25.1's {@code DDIMScheduler.step} computes it (without
 * {@code use_clipped_model_output}).
 *
 * <p><b>Algebra.</b> For step i at timestep t, with r = ⌊T/N⌋, {@code a_t = ᾱ_t},
 * {@code a_p = ᾱ_{t−r}}, or once t − r &lt; 0 the final ᾱ (1 with {@code set_alpha_to_one}, else
 * ᾱ_0 as SD-2.1 has it), {@code b = 1 − a}:
 * <pre>
 *   x0     = as for DDPM (clamped if clipping is on)
 *   ε̂      = m                                  (epsilon)
 *          = sqrt(a_t)·m + sqrt(b_t)·x          (v-prediction)
 *          = (x − sqrt(a_t)·m)/sqrt(b_t)        (sample)
 *   s      = eta·sqrt(b_p/b_t·(1 − a_t/a_p))
 *   x_prev = sqrt(a_p)·x0 + sqrt(1 − a_p − s²)·ε̂ + s·ε
 * </pre>
 * so {@code c0 = sqrt(a_p)}, cx and cm are sqrt(1 − a_p − s²) times ε̂'s coefficients (ε̂ uses the
 * unclipped prediction, as in diffusers), {@code cp = 0}, {@code cn = s}. With eta 0 (the default)
 * no step draws noise and a model that predicts exactly reproduces the forward process:
 * x_prev = sqrt(a_p)·x0 + sqrt(b_p)·ε. With eta &gt; 0 every step draws noise.
 */
public final class DdimSampler extends StridedSampler {

    DdimSampler(NoiseSchedule schedule, SamplerOptions options) {
        super(schedule, options);
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.DDIM;
    }

    @Override
    double finalAlphaCumprod() {
        return options().setAlphaToOne() ? 1.0 : schedule().alphaCumprod(0);
    }

    @Override
    StepCoefficients step(int index, int t, double at, double ap) {
        SamplerOptions options = options();
        double bt = 1 - at;
        double bp = 1 - ap;
        double sqrtAt = Math.sqrt(at);
        double sqrtBt = Math.sqrt(bt);
        X0Coefficients x0 = X0Coefficients.of(options.predictionType(), sqrtAt, sqrtBt);
        double std = options.eta() * Math.sqrt(bp / bt * (1 - at / ap));
        // 1 − a_p − s² ≥ 0 for eta ≤ 1; the max only absorbs rounding at the final step.
        double direction = Math.sqrt(Math.max(0, 1 - ap - std * std));
        double epsFromSample;
        double epsFromModel;
        switch (options.predictionType()) {
            case EPSILON:
                epsFromSample = 0;
                epsFromModel = 1;
                break;
            case V_PREDICTION:
                epsFromSample = sqrtBt;
                epsFromModel = sqrtAt;
                break;
            case SAMPLE:
                epsFromSample = 1 / sqrtBt;
                epsFromModel = -sqrtAt / sqrtBt;
                break;
            default:
                throw new AssertionError(options.predictionType());
        }
        boolean noise = options.eta() > 0;
        return new StepCoefficients(index, t, 1, x0.fromSample(), x0.fromModel(), options.clipSampleRange(),
                direction * epsFromSample, direction * epsFromModel, Math.sqrt(ap), 0, noise ? std : 0, noise);
    }
}
