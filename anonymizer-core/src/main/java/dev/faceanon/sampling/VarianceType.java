package dev.faceanon.sampling;

/**
 * The DDPM posterior noise scale (diffusers' {@code variance_type}; the lower-case constant name is
 * the diffusers spelling). Only the fixed types are supported: diffusers' {@code learned} and
 * {@code learned_range} need a model that also predicts its variance (SD-2.1 does not), and its
 * {@code fixed_large_log} step takes the square root of a logarithm, a negative number, so it only
 * ever produces NaN in diffusers 0.25.1.
 */
public enum VarianceType {
    /**
     * {@code fixed_small}: the true posterior variance {@code β̃_t = (1−ᾱ_prev)/(1−ᾱ_t)·β_t}, clamped
     * below at 1e-20 (so the last step of a leading schedule with offset 1 still adds 1e-10·ε).
     * The official face anonymisation pipeline uses this.
     */
    FIXED_SMALL,
    /** {@code fixed_small_log}: exp(½·log β̃_t), the same standard deviation as {@link #FIXED_SMALL}. */
    FIXED_SMALL_LOG,
    /** {@code fixed_large}: the forward-process beta of the step, {@code β_t = 1 − ᾱ_t/ᾱ_prev}. */
    FIXED_LARGE
}
