package dev.faceanon.sampling;

/** The samplers this library implements. */
public enum SamplerKind {
    /** diffusers' DDPMScheduler as the official pipeline configures it. */
    DDPM,
    /** diffusers' DDIMScheduler with eta 0 (deterministic). */
    DDIM,
    /** diffusers' DPMSolverMultistepScheduler: DPM-Solver++, order 2, midpoint. */
    DPM_SOLVER_PP_2M
}
