/**
 * diffusers 0.25.1 {@code AutoencoderKL}, the Stable Diffusion VAE, one class per diffusers block:
 * {@link dev.faceanon.djl.vae.Encoder} / {@link dev.faceanon.djl.vae.Decoder} built from
 * {@link dev.faceanon.djl.vae.DownEncoderBlock2D}, {@link dev.faceanon.djl.vae.UpDecoderBlock2D} and
 * {@link dev.faceanon.djl.vae.UNetMidBlock2D} (with its {@link dev.faceanon.djl.vae.VaeAttention}),
 * and the posterior {@link dev.faceanon.djl.vae.DiagonalGaussianDistribution}. Parameters are
 * fetched under the published {@code state_dict} keys; the mid-block attentions also accept the
 * legacy names of older checkpoints.
 */
package dev.faceanon.djl.vae;
