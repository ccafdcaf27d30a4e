package dev.faceanon.sampling;

/**
 * How the training betas are spaced over the training timesteps (diffusers' {@code beta_schedule};
 * the lower-case constant name is the diffusers spelling).
 */
public enum BetaSchedule {
    /** {@code linear}: evenly spaced from beta_start to beta_end. */
    LINEAR,
    /** {@code scaled_linear}: evenly spaced square roots, squared (Stable Diffusion's schedule). */
    SCALED_LINEAR,
    /** {@code squaredcos_cap_v2}: the cosine alpha-bar schedule, betas capped at 0.999 (beta_start/end unused). */
    SQUAREDCOS_CAP_V2
}
