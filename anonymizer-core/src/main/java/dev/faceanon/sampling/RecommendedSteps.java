package dev.faceanon.sampling;

/**
 * Step counts worth offering as presets, with where each comes from. Cost is one UNet evaluation
 * (a CFG batch of two) per step for every sampler, so the count is the price.
 */
public final class RecommendedSteps {

    /**
     * DDPM for reproducing the official aligned-face results: 200 steps is what the official README
     * uses for aligned single faces and for face swapping, what the authors' inference scripts use
     * (seed 3) and what training-time validation ran. DDPM is ancestral: every step draws fresh
     * noise, so it needs many steps to converge and keeps the official sampler's texture.
     */
    public static final int DDPM = 200;

    /**
     * DDPM as the official in-the-wild example runs it (25 steps, README; the helper's own default
     * is 50). Visibly noisier than 200 steps but eight times cheaper; use it for speed when parity
     * with the official sampler matters more than detail.
     */
    public static final int DDPM_IN_THE_WILD = 25;

    /**
     * DDIM (eta 0): deterministic, so it converges with far fewer steps than DDPM; 50 is the common
     * default for SD-2.1-class models (DDIM paper: quality saturates around 50–100 steps) and matches
     * the official pipeline's own {@code num_inference_steps} default.
     */
    public static final int DDIM = 50;

    /**
     * DPM-Solver++(2M): a second-order multistep solver, designed for guided sampling in 15–25
     * steps (DPM-Solver++ paper; diffusers' SD examples use 20–25). 25 leaves a margin for the
     * strong guidance (4.0) and the reference-attention conditioning of this model.
     */
    public static final int DPM_SOLVER_PP_2M = 25;

    private RecommendedSteps() {
    }
}
