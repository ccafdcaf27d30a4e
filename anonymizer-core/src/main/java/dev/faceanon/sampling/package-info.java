/**
 * Diffusion samplers as plain arithmetic, without any tensor library: the training
 * {@link dev.faceanon.sampling.NoiseSchedule}, and for DDPM, DDIM and DPM-Solver++(2M)
 * ({@link dev.faceanon.sampling.SamplerKind}) the inference timesteps and, per step, the scalar
 * coefficients that turn the current sample, the model output, the previous x0 prediction and
 * fresh noise into the next sample ({@link dev.faceanon.sampling.StepCoefficients}). A backend
 * applies them to its tensors.
 *
 * <p>Every rule follows diffusers 0.25.1, the version the official face anonymisation code pins, so
 * that a replayed noise stream gives the reference result: the schedule tables are computed in
 * float32 exactly as torch computes them, step coefficients in double from those tables.
 */
package dev.faceanon.sampling;
