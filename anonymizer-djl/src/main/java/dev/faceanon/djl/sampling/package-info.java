/**
 * The tensor side of the samplers in {@code dev.faceanon.sampling}: {@link
 * dev.faceanon.djl.sampling.SamplerStepper} applies a plan's step coefficients to NDArrays, and
 * {@link dev.faceanon.djl.sampling.SchedulerConfigSamplers} builds samplers from a diffusers
 * {@code scheduler_config.json}.
 */
package dev.faceanon.djl.sampling;
