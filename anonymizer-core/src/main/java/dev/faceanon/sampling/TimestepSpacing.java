package dev.faceanon.sampling;

/**
 * How inference timesteps are picked from the training timesteps (diffusers' {@code timestep_spacing},
 * Table 2 of Lin et al., "Common Diffusion Noise Schedules and Sample Steps are Flawed"; the
 * lower-case constant name is the diffusers spelling). The exact rules, including rounding, are
 * those of diffusers 0.25.1 and are documented on {@link SamplerKind}.
 */
public enum TimestepSpacing {
    /** {@code leading}: multiples of an integer step ratio, plus {@code steps_offset} (DDPM/DDIM default). */
    LEADING,
    /** {@code trailing}: counted back from the last training timestep with a fractional ratio. */
    TRAILING,
    /** {@code linspace}: evenly spaced over [0, T−1], rounded half to even (DPM-Solver default). */
    LINSPACE
}
