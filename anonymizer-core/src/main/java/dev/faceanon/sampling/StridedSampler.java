package dev.faceanon.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * DDPM and DDIM: timesteps by diffusers' DDPM/DDIM spacing rules, and every step from t aims at
 * ᾱ of {@code t − ⌊T/N⌋}, or a final ᾱ once that is negative. Subclasses supply the final ᾱ and the
 * coefficients of one step.
 */
abstract class StridedSampler extends ConfiguredSampler {

    StridedSampler(NoiseSchedule schedule, SamplerOptions options) {
        super(schedule, options);
    }

    /** @return ᾱ after the last training timestep (where {@code t − ⌊T/N⌋ < 0}) */
    abstract double finalAlphaCumprod();

    /**
     * @param index the step index
     * @param t the timestep
     * @param at ᾱ_t, in (0, 1) or 0 where the prediction type allows it
     * @param ap ᾱ at the target
     * @return the step's coefficients
     */
    abstract StepCoefficients step(int index, int t, double at, double ap);

    @Override
    public final SamplingPlan plan(int steps) {
        NoiseSchedule schedule = schedule();
        int trainSteps = schedule.numTrainTimesteps();
        int[] ts = InferenceTimesteps.ddpm(options().spacingFor(kind()), trainSteps, steps, options().stepsOffset());
        // diffusers 0.25.1 strides by ⌊T/N⌋ whatever the spacing; only for leading is that the next timestep.
        int stride = trainSteps / steps;
        List<StepCoefficients> out = new ArrayList<>(ts.length);
        float[] sigmas = new float[ts.length + 1];
        double ap = 1;
        for (int i = 0; i < ts.length; i++) {
            int t = ts[i];
            int target = t - stride;
            double at = schedule.alphaCumprod(t);
            ap = target >= 0 ? schedule.alphaCumprod(target) : finalAlphaCumprod();
            X0Coefficients.requireUsable(options().predictionType(), t, at);
            out.add(step(i, t, at, ap));
            sigmas[i] = schedule.sigma(t);
        }
        sigmas[ts.length] = NoiseSchedule.sigmaOf((float) ap);
        return new SamplingPlan(kind(), out, sigmas);
    }
}
