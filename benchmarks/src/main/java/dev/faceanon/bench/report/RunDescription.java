package dev.faceanon.bench.report;

import java.time.Duration;
import java.util.Objects;

/**
 * How a run of the suite was made.
 *
 * @param command the command that ran it, as the reader should type it
 * @param date when it finished, e.g. {@code 2026-11-26 09:40 UTC}
 * @param loadBefore the load averages (1, 5, 15 minutes) before the run
 * @param loadAfter the load averages after it
 * @param duration its wall-clock time
 * @param full whether the full-size (SD-2.1 at 512×512) benchmarks were part of it
 */
public record RunDescription(String command, String date, String loadBefore, String loadAfter, Duration duration,
        boolean full) {

    /** Checks that nothing is missing. */
    public RunDescription {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(loadBefore, "loadBefore");
        Objects.requireNonNull(loadAfter, "loadAfter");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
    }
}
