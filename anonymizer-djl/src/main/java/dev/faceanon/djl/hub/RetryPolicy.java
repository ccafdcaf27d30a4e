package dev.faceanon.djl.hub;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds for retrying transient failures (a cut connection, a stalled transfer, HTTP 5xx or 429):
 * at most {@code maxAttempts} tries per file, waiting {@code initialBackoff}, then twice as long each
 * time, never longer than {@code maxBackoff}. A resumed attempt continues where the previous one
 * stopped, so retries never re-download what is already on disk.
 *
 * @param maxAttempts tries per file, at least 1
 * @param initialBackoff the wait before the second try
 * @param maxBackoff the longest wait between tries
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Six tries, waiting 0.5 s, 1 s, 2 s, 4 s, 8 s: rides out a minute of network trouble. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(15));

    /**
     * Checks the bounds.
     *
     * @param maxAttempts tries per file, at least 1
     * @param initialBackoff the wait before the second try
     * @param maxBackoff the longest wait between tries
     * @throws NullPointerException if a backoff is null
     * @throws IllegalArgumentException if {@code maxAttempts} is outside [1, 100], or unless
     *     {@code 0 ≤ initialBackoff ≤ maxBackoff}
     */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be in [1, 100], got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /**
     * @param failures how many tries failed so far (1 after the first failure)
     * @return how long to wait before the next try
     */
    public Duration backoff(int failures) {
        Duration d = initialBackoff;
        for (int i = 1; i < failures && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    void sleep(int failures) {
        try {
            Thread.sleep(backoff(failures).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException(ModelDownloadException.Reason.NETWORK, "download interrupted", e);
        }
    }
}
