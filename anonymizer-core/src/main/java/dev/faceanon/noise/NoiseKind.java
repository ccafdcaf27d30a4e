package dev.faceanon.noise;

/** What a draw of Gaussian noise is for, in the order a generation consumes them. */
public enum NoiseKind {
    /** Sampling the VAE posterior of an encoded image (one draw per encoded image). */
    VAE_POSTERIOR,
    /** The initial latents of the denoising loop. */
    INITIAL_LATENTS,
    /** The fresh noise of one stochastic sampler step (DDPM); deterministic samplers draw none. */
    SAMPLER_STEP
}
