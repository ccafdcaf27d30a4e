package dev.faceanon.sampling;

import java.util.Objects;

/**
 * The samplers this library implements, each compatible with the diffusers 0.25.1 scheduler of the
 * same name for the same scheduler configuration (same timesteps, same arithmetic up to float32
 * rounding, same noise consumption).
 *
 * <p><b>Timestep rules</b> (T training steps, N inference steps, {@code o = steps_offset}):
 * <ul>
 *   <li>DDPM and DDIM, {@code leading}: {@code t_i = (N−1−i)·⌊T/N⌋ + o}; {@code linspace}: numpy
 *       {@code linspace(0, T−1, N)} rounded half to even, descending; {@code trailing}: numpy
 *       {@code arange(T, 0, −T/N)} rounded, minus 1. The step from {@code t} always targets
 *       {@code t − ⌊T/N⌋} (ᾱ = 1 for DDPM, or the final ᾱ for DDIM, once that is negative), whatever
 *       the spacing: diffusers 0.25.1 does so, and for leading spacing it is exactly the next timestep.</li>
 *   <li>DPM-Solver++: the same rules over N+1 points with the last (0) dropped: {@code linspace}
 *       numpy {@code linspace(0, T−1, N+1)}; {@code leading} multiples of {@code ⌊T/(N+1)⌋} plus
 *       {@code o}; {@code trailing} as above. Each step goes to the next timestep's σ, the last one to
 *       the {@link FinalSigma}.</li>
 * </ul>
 * For SD-2.1 (leading, offset 1) DDPM with 25 steps gives 961, 921, …, 41, 1; DPM-Solver++ with 20
 * steps (linspace) gives 999, 949, …, 50.
 */
public enum SamplerKind {

    /** diffusers' {@code DDPMScheduler}: ancestral, the official pipeline's sampler; see {@link DdpmSampler}. */
    DDPM(TimestepSpacing.LEADING, RecommendedSteps.DDPM),

    /** diffusers' {@code DDIMScheduler}: deterministic for eta 0; see {@link DdimSampler}. */
    DDIM(TimestepSpacing.LEADING, RecommendedSteps.DDIM),

    /**
     * diffusers' {@code DPMSolverMultistepScheduler} with its defaults: {@code dpmsolver++}, order 2,
     * {@code midpoint}; see {@link DpmSolverPlusPlus2MSampler}.
     */
    DPM_SOLVER_PP_2M(TimestepSpacing.LINSPACE, RecommendedSteps.DPM_SOLVER_PP_2M);

    private final TimestepSpacing defaultSpacing;
    private final int recommendedSteps;

    SamplerKind(TimestepSpacing defaultSpacing, int recommendedSteps) {
        this.defaultSpacing = defaultSpacing;
        this.recommendedSteps = recommendedSteps;
    }

    /**
     * @return the spacing diffusers' scheduler class uses when the configuration has no
     *     {@code timestep_spacing} (SD-2.1's has none): leading for DDPM and DDIM, linspace for
     *     DPM-Solver++
     */
    public TimestepSpacing defaultSpacing() {
        return defaultSpacing;
    }

    /** @return the step count to offer by default; the reasoning is on {@link RecommendedSteps} */
    public int recommendedSteps() {
        return recommendedSteps;
    }

    /**
     * @param schedule the model's training noise schedule
     * @param options the scheduler options
     * @return a sampler of this kind
     */
    public Sampler sampler(NoiseSchedule schedule, SamplerOptions options) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(options, "options");
        switch (this) {
            case DDPM:
                return new DdpmSampler(schedule, options);
            case DDIM:
                return new DdimSampler(schedule, options);
            case DPM_SOLVER_PP_2M:
                return new DpmSolverPlusPlus2MSampler(schedule, options);
            default:
                throw new AssertionError(this);
        }
    }
}
