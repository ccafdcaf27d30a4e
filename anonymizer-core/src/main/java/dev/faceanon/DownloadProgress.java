package dev.faceanon;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of download progress, for one file and for the whole set of files being fetched.
 *
 * @param file the file being transferred, e.g. {@code hkung/face-anon-simple/unet/config.json}
 * @param fileBytesDone bytes of that file on disk so far (including a resumed part)
 * @param fileBytesTotal the file's size, or -1 if the server did not say
 * @param overallBytesDone bytes of all files of this resolution on disk so far
 * @param overallBytesTotal bytes of all files to fetch, or -1 if some size is unknown
 * @param bytesPerSecond the recent transfer rate (0 until measurable)
 * @param overallEta the estimated time until all files are done, if the rate and total are known
 */
public record DownloadProgress(String file, long fileBytesDone, long fileBytesTotal, long overallBytesDone,
        long overallBytesTotal, double bytesPerSecond, Optional<Duration> overallEta) {

    /**
     * Checks the invariants.
     *
     * @param file the file being transferred, e.g. {@code hkung/face-anon-simple/unet/config.json}
     * @param fileBytesDone bytes of that file on disk so far (including a resumed part)
     * @param fileBytesTotal the file's size, or -1 if the server did not say
     * @param overallBytesDone bytes of all files of this resolution on disk so far
     * @param overallBytesTotal bytes of all files to fetch, or -1 if some size is unknown
     * @param bytesPerSecond the recent transfer rate (0 until measurable)
     * @param overallEta the estimated time until all files are done, if the rate and total are known
     * @throws NullPointerException if the file or the estimate is null
     * @throws IllegalArgumentException if a count of bytes done or the rate is negative
     */
    public DownloadProgress {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(overallEta, "overallEta");
        if (fileBytesDone < 0 || overallBytesDone < 0 || bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative progress");
        }
    }

    /** @return the fraction of all bytes done in [0, 1], or empty if the total is unknown */
    public Optional<Double> overallFraction() {
        if (overallBytesTotal <= 0) {
            return overallBytesTotal == 0 ? Optional.of(1.0) : Optional.empty();
        }
        return Optional.of(Math.min(1.0, (double) overallBytesDone / overallBytesTotal));
    }

    /** @return the estimated time until this file is done, if its size and the rate are known */
    public Optional<Duration> fileEta() {
        if (fileBytesTotal < 0 || bytesPerSecond <= 0) {
            return Optional.empty();
        }
        long remaining = Math.max(0, fileBytesTotal - fileBytesDone);
        return Optional.of(Duration.ofMillis((long) Math.ceil(remaining * 1000.0 / bytesPerSecond)));
    }
}
