package dev.faceanon.sampling;

/**
 * A sampler bound to a noise schedule and scheduler options, which plans runs of a given length.
 * Obtain one from {@link SamplerKind#sampler}. Implementations are immutable and thread-safe.
 */
public interface Sampler {

    /** @return the kind of sampler */
    SamplerKind kind();

    /** @return the training noise schedule */
    NoiseSchedule schedule();

    /** @return the scheduler options */
    SamplerOptions options();

    /**
     * @param steps the number of inference steps, in [1, T]
     * @return the timesteps and per-step coefficients
     * @throws IllegalArgumentException if {@code steps} is out of range, the spacing and offset put a
     *     timestep outside [0, T−1] or repeat one, or the schedule cannot be sampled with these options
     *     (for example ᾱ = 0 with epsilon prediction)
     */
    SamplingPlan plan(int steps);
}
