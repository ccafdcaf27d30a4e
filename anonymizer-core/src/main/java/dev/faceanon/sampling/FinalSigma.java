package dev.faceanon.sampling;

/**
 * Where DPM-Solver++ ends its last step (diffusers' later {@code final_sigmas_type}; the
 * lower-case constant name is that spelling).
 */
public enum FinalSigma {
    /**
     * {@code sigma_min}: the noise level of training timestep 0, {@code sqrt((1−ᾱ_0)/ᾱ_0)} ≈ 0.0292
     * for SD-2.1. This is what diffusers 0.25.1 always does (it had no option), so it is the default
     * here for parity with the reference: the result keeps a trace of noise at that level.
     */
    SIGMA_MIN,
    /**
     * {@code zero}: the last step lands on σ = 0 and, as in later diffusers, is taken first-order,
     * so the final sample is exactly that step's x0 prediction.
     */
    ZERO
}
