package dev.faceanon.sampling;

import java.util.List;
import java.util.Objects;

/**
 * A sampler's complete schedule for one run: the timesteps the model is evaluated at, in order,
 * and one {@link StepCoefficients} per timestep. The sampling loop is
 *
 * <pre>
 *   x = init_noise_sigma · ε_init
 *   for each step: m = model(x, t);  (x, x0) = step(x, m, previous x0, ε)
 * </pre>
 *
 * and the model input needs no scaling ({@code scale_model_input} is the identity for all three
 * samplers). Immutable; arrays handed out are copies.
 */
public final class SamplingPlan {

    private final SamplerKind kind;
    private final List<StepCoefficients> steps;
    private final float[] sigmas;

    SamplingPlan(SamplerKind kind, List<StepCoefficients> steps, float[] sigmas) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.steps = List.copyOf(steps);
        if (this.steps.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one step");
        }
        if (sigmas.length != this.steps.size() + 1) {
            throw new IllegalArgumentException("a plan needs one sigma per step plus the final one");
        }
        for (int i = 0; i < this.steps.size(); i++) {
            if (this.steps.get(i).index() != i) {
                throw new IllegalArgumentException("step " + i + " carries index " + this.steps.get(i).index());
            }
        }
        this.sigmas = sigmas.clone();
    }

    /** @return the sampler that made the plan */
    public SamplerKind kind() {
        return kind;
    }

    /** @return the number of steps (model evaluations) */
    public int size() {
        return steps.size();
    }

    /** @return the steps in order */
    public List<StepCoefficients> steps() {
        return steps;
    }

    /**
     * @param i a step index in [0, size())
     * @return that step
     */
    public StepCoefficients step(int i) {
        return steps.get(i);
    }

    /** @return the timesteps, in the order they are visited (descending) */
    public int[] timesteps() {
        return steps.stream().mapToInt(StepCoefficients::timestep).toArray();
    }

    /** @return the number of steps that consume a noise tensor */
    public int noiseDraws() {
        return (int) steps.stream().filter(StepCoefficients::needsNoise).count();
    }

    /**
     * The noise levels σ = sqrt((1−ᾱ)/ᾱ) in float32: entry i is the level at step i's timestep, the
     * last entry the level the final step lands on (DDPM 0, DDIM that of the final ᾱ, DPM-Solver++
     * its {@link FinalSigma}). For DPM-Solver++ this is diffusers' {@code sigmas} array.
     *
     * @return size() + 1 levels
     */
    public float[] sigmas() {
        return sigmas.clone();
    }

    /** @return the scale of the initial Gaussian latents ({@code init_noise_sigma}): 1 for these samplers */
    public double initNoiseSigma() {
        return 1.0;
    }

    @Override
    public String toString() {
        int[] t = timesteps();
        return "SamplingPlan[" + kind + ", " + t.length + " steps, t " + t[0] + " … " + t[t.length - 1] + "]";
    }
}
