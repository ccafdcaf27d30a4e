/**
 * diffusers building blocks shared by the UNets and the VAE: {@code ResnetBlock2D},
 * {@code Downsample2D}, {@code Upsample2D} and the timestep embedding. Each class fetches its
 * parameters under the key names diffusers 0.25.1 publishes.
 */
package dev.faceanon.djl.blocks;
