package dev.faceanon.djl.hub;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a download may take. A server that trickles data, or a link too slow to ever finish, must
 * not hold a run indefinitely, so every transfer is bounded three ways:
 *
 * <ul>
 *   <li>a <b>stall timeout</b>: a connection that delivers no byte for this long is dropped (and
 *       retried);
 *   <li>a <b>minimum rate</b> averaged over a <b>window</b>: a connection that delivers fewer than
 *       {@code minBytesPerSecond × window} bytes in any window is dropped (and retried);
 *   <li>an <b>overall deadline</b> per file, retries included: {@code allowance + size / minBytesPerSecond}.
 *       A file not complete by then is given up.
 * </ul>
 *
 * @param minBytesPerSecond the slowest acceptable average rate, bytes per second (at least 1)
 * @param rateWindow the window the rate is averaged over
 * @param allowance the fixed time every file gets on top of its size-derived time (connection set-up,
 *     retries, back-off)
 * @param stallTimeout the longest time a connection may deliver nothing
 */
public record DownloadPace(long minBytesPerSecond, Duration rateWindow, Duration allowance, Duration stallTimeout) {

    /** The longest duration any of the settings may have: beyond it, a bound no longer bounds anything. */
    public static final Duration MAX_DURATION = Duration.ofDays(1);

    /** 50 kB/s averaged over 30 s, 2 minutes of allowance, 60 s without data. */
    public static final DownloadPace DEFAULT = new DownloadPace(50_000, Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofSeconds(60));

    /**
     * Checks that every bound is positive and at most {@link #MAX_DURATION}.
     *
     * @param minBytesPerSecond the slowest acceptable average rate, bytes per second (at least 1)
     * @param rateWindow the window the rate is averaged over
     * @param allowance the fixed time every file gets on top of its size-derived time (connection set-up,
     *     retries, back-off)
     * @param stallTimeout the longest time a connection may deliver nothing
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if {@code minBytesPerSecond} is below 1, or a duration is not positive
     *     or longer than {@link #MAX_DURATION}
     */
    public DownloadPace {
        if (minBytesPerSecond < 1) {
            throw new IllegalArgumentException("minBytesPerSecond must be at least 1, got " + minBytesPerSecond);
        }
        check(rateWindow, "rateWindow");
        check(allowance, "allowance");
        check(stallTimeout, "stallTimeout");
    }

    /**
     * @param bytes the bytes a file still needs (0 or more)
     * @return the time it may take: the allowance plus the bytes at the minimum rate
     */
    public Duration deadlineFor(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
        }
        long seconds = bytes / minBytesPerSecond;
        long nanos = (bytes % minBytesPerSecond) * 1_000_000_000L / minBytesPerSecond;
        return allowance.plusSeconds(seconds).plusNanos(nanos);
    }

    /**
     * @param bytesPerSecond the new minimum rate
     * @return a copy with it
     */
    public DownloadPace withMinBytesPerSecond(long bytesPerSecond) {
        return new DownloadPace(bytesPerSecond, rateWindow, allowance, stallTimeout);
    }

    /**
     * @param window the new rate window
     * @return a copy with it
     */
    public DownloadPace withRateWindow(Duration window) {
        return new DownloadPace(minBytesPerSecond, window, allowance, stallTimeout);
    }

    /**
     * @param newAllowance the new fixed allowance
     * @return a copy with it
     */
    public DownloadPace withAllowance(Duration newAllowance) {
        return new DownloadPace(minBytesPerSecond, rateWindow, newAllowance, stallTimeout);
    }

    /**
     * @param timeout the new stall timeout
     * @return a copy with it
     */
    public DownloadPace withStallTimeout(Duration timeout) {
        return new DownloadPace(minBytesPerSecond, rateWindow, allowance, timeout);
    }

    private static void check(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most one day, got " + d);
        }
    }
}
