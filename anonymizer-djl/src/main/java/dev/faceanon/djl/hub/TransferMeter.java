package dev.faceanon.djl.hub;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Measures a transfer rate as an exponentially weighted average with a time constant of a few
 * seconds: steady enough for an ETA, quick enough to follow a change of network speed. Bytes
 * resumed from disk are not counted, so a resumed download does not report a burst.
 */
final class TransferMeter {
    private static final double TIME_CONSTANT_SECONDS = 3.0;
    // Shorter windows give rates dominated by scheduling noise.
    private static final long MIN_SAMPLE_NANOS = 100_000_000L;

    private final LongSupplier nanoClock;
    private long sampleStart;
    private long sampleBytes;
    private double rate;
    private boolean hasRate;

    /** @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime} */
    TransferMeter(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.sampleStart = nanoClock.getAsLong();
    }

    /** @param bytes bytes just received from the network */
    void record(long bytes) {
        sampleBytes += bytes;
        long now = nanoClock.getAsLong();
        long elapsed = now - sampleStart;
        if (elapsed < MIN_SAMPLE_NANOS) {
            return;
        }
        double seconds = elapsed / 1e9;
        double instant = sampleBytes / seconds;
        if (!hasRate) {
            rate = instant;
            hasRate = true;
        } else {
            double alpha = 1 - Math.exp(-seconds / TIME_CONSTANT_SECONDS);
            rate += alpha * (instant - rate);
        }
        sampleStart = now;
        sampleBytes = 0;
    }

    /** Starts a new sample window, so that a pause (a retry back-off, a new request) is not averaged in. */
    void restartWindow() {
        sampleStart = nanoClock.getAsLong();
        sampleBytes = 0;
    }

    /** @return bytes per second, 0 until a first sample is complete */
    double bytesPerSecond() {
        return hasRate ? rate : 0;
    }
}
