package dev.faceanon.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * DPM-Solver++(2M), the multistep second-order data-prediction solver, as diffusers 0.25.1's
 * {@code DPMSolverMultistepScheduler} computes it with its defaults ({@code dpmsolver++}, order 2,
 * {@code midpoint}, no Karras or Lu sigmas, {@code lambda_min_clipped} −∞). Clipping, the variance
 * type, eta and {@code set_alpha_to_one} do not apply.
 *
 * <p><b>Sigmas.</b> Step i starts at {@code σ_i = sqrt((1−ᾱ_{t_i})/ᾱ_{t_i})} (float32, diffusers'
 * {@code sigmas}) and ends at σ_{i+1}; after the last timestep comes the {@link FinalSigma}, by
 * default σ of timestep 0 (≈ 0.0292 for SD-2.1) as in 0.25.1. From σ:
 * {@code α = 1/sqrt(σ²+1)}, {@code s = σ·α} (so x = α·x0 + s·ε), {@code λ = log α − log s = −log σ}.
 *
 * <p><b>Algebra.</b> With {@code h = λ_{i+1} − λ_i} and the x0 prediction {@code D_i} of step i
 * (v-prediction {@code α_i·x − s_i·v}; epsilon {@code (x − s_i·ε)/α_i}; sample m):
 * <pre>
 *   first order:  x_prev = (s_{i+1}/s_i)·x − α_{i+1}·(e^{−h} − 1)·D_i
 *   second order: x_prev = (s_{i+1}/s_i)·x − α_{i+1}·(e^{−h} − 1)·(D_i + (D_i − D_{i−1})/(2·r)),
 *                 r = (λ_i − λ_{i−1})/h
 * </pre>
 * i.e. {@code cx = s_{i+1}/s_i}, {@code c0 = −A·(1 + 1/(2r))}, {@code cp = A/(2r)} with
 * {@code A = α_{i+1}·(e^{−h} − 1)}, {@code cm = cn = 0}. No step draws noise. The first step is
 * first order (there is no previous D). The last step is first order when {@code euler_at_final},
 * or {@code lower_order_final} with fewer than 15 steps (the 0.25.1 rule: with 15 or more steps the
 * last step stays second order), or when ending at σ = 0, where it returns D exactly.
 */
public final class DpmSolverPlusPlus2MSampler extends ConfiguredSampler {

    /** diffusers applies {@code lower_order_final} only below this many steps. */
    static final int LOWER_ORDER_FINAL_BELOW = 15;

    DpmSolverPlusPlus2MSampler(NoiseSchedule schedule, SamplerOptions options) {
        super(schedule, options);
    }

    @Override
    public SamplerKind kind() {
        return SamplerKind.DPM_SOLVER_PP_2M;
    }

    @Override
    public SamplingPlan plan(int steps) {
        NoiseSchedule schedule = schedule();
        SamplerOptions options = options();
        int trainSteps = schedule.numTrainTimesteps();
        int[] ts = InferenceTimesteps.dpmSolver(options.spacingFor(kind()), trainSteps, steps,
                options.stepsOffset());
        int n = ts.length;
        float[] sigmas = new float[n + 1];
        for (int i = 0; i < n; i++) {
            double a = schedule.alphaCumprod(ts[i]);
            X0Coefficients.requireUsable(options.predictionType(), ts[i], a);
            if (a <= 0) {
                throw new IllegalArgumentException("ᾱ is 0 at timestep " + ts[i] + " (zero terminal SNR), where"
                        + " DPM-Solver++'s log-SNR is undefined; use DDIM or DDPM with this schedule");
            }
            sigmas[i] = schedule.sigma(ts[i]);
        }
        sigmas[n] = options.finalSigma() == FinalSigma.ZERO ? 0f : schedule.sigma(0);
        boolean lowerOrderFinal = options.eulerAtFinal()
                || (options.lowerOrderFinal() && n < LOWER_ORDER_FINAL_BELOW)
                || options.finalSigma() == FinalSigma.ZERO;
        List<StepCoefficients> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double sigmaS = sigmas[i];
            double alphaS = 1 / Math.sqrt(sigmaS * sigmaS + 1);
            double scaleS = sigmaS * alphaS;
            X0Coefficients x0 = X0Coefficients.of(options.predictionType(), alphaS, scaleS);
            double sigmaT = sigmas[i + 1];
            boolean firstOrder = i == 0 || (i == n - 1 && lowerOrderFinal) || sigmaT == 0;
            double cx;
            double c0;
            double cp = 0;
            if (sigmaT == 0) {
                // Landing on σ = 0 (α = 1, s = 0, h = ∞): the first-order update is exactly D.
                cx = 0;
                c0 = 1;
            } else {
                double alphaT = 1 / Math.sqrt(sigmaT * sigmaT + 1);
                double scaleT = sigmaT * alphaT;
                double h = Math.log(sigmaS) - Math.log(sigmaT);
                // expm1 is e^{-h} − 1 without the cancellation of small steps.
                double a = alphaT * Math.expm1(-h);
                cx = scaleT / scaleS;
                if (firstOrder) {
                    c0 = -a;
                } else {
                    double h0 = Math.log(sigmas[i - 1]) - Math.log(sigmaS);
                    double r = h0 / h;
                    c0 = -a * (1 + 0.5 / r);
                    cp = 0.5 * a / r;
                }
            }
            out.add(new StepCoefficients(i, ts[i], firstOrder ? 1 : 2, x0.fromSample(), x0.fromModel(),
                    Double.POSITIVE_INFINITY, cx, 0, c0, cp, 0, false));
        }
        return new SamplingPlan(kind(), out, sigmas);
    }
}
