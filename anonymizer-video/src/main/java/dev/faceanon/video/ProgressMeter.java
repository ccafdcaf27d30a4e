package dev.faceanon.video;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/** Frames per second and time left of a run, from a monotonic clock. */
final class ProgressMeter {
    private final LongSupplier nanoClock;
    private final OptionalLong stated;
    private final long start;
    private long done;

    /**
     * @param nanoClock a monotonic clock in nanoseconds
     * @param stated the frame count the container states, if any
     */
    ProgressMeter(LongSupplier nanoClock, OptionalLong stated) {
        this.nanoClock = nanoClock;
        this.stated = stated;
        this.start = nanoClock.getAsLong();
    }

    /** @return the progress after one more frame */
    VideoProgress frameDone() {
        done++;
        Duration elapsed = Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - start));
        double seconds = elapsed.toNanos() / 1e9;
        double fps = seconds > 0 ? done / seconds : 0;
        // A stated count the run has passed was wrong: no total, no estimate.
        OptionalLong total = stated.isPresent() && stated.getAsLong() >= done ? stated : OptionalLong.empty();
        Optional<Duration> remaining = total.isPresent() && fps > 0
                ? Optional.of(Duration.ofNanos((long) ((total.getAsLong() - done) / fps * 1e9)))
                : Optional.empty();
        return new VideoProgress(done, total, elapsed, fps, remaining);
    }
}
