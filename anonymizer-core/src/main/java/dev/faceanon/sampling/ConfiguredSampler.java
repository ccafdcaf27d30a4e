package dev.faceanon.sampling;

import java.util.Objects;

/** What every sampler holds: its noise schedule and options. */
abstract class ConfiguredSampler implements Sampler {

    private final NoiseSchedule schedule;
    private final SamplerOptions options;

    ConfiguredSampler(NoiseSchedule schedule, SamplerOptions options) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public final NoiseSchedule schedule() {
        return schedule;
    }

    @Override
    public final SamplerOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + options + ", " + schedule + "]";
    }
}
