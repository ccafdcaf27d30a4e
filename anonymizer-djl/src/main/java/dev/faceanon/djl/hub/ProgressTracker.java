package dev.faceanon.djl.hub;

import dev.faceanon.DownloadProgressListener;
import dev.faceanon.DownloadProgress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Keeps the per-file and overall byte counts of one resolution and reports them to a listener. */
final class ProgressTracker {
    private final DownloadProgressListener listener;
    private final TransferMeter meter;
    private long overallTotal;
    private long completed;
    private String file = "";
    private long fileDone;
    private long fileTotal = -1;
    private boolean started;

    /**
     * @param listener where progress goes
     * @param overallTotal the bytes expected in all, or -1 if unknown
     * @param nanoClock a monotonic clock
     */
    ProgressTracker(DownloadProgressListener listener, long overallTotal, LongSupplier nanoClock) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.overallTotal = overallTotal;
        this.meter = new TransferMeter(nanoClock);
    }

    /** @param bytes bytes planned for download, added to the overall total */
    void expect(long bytes) {
        overallTotal = overallTotal < 0 ? bytes : overallTotal + bytes;
    }

    /** @return the bytes planned so far */
    long expectedBytes() {
        return overallTotal;
    }

    /** @return true if any file transfer started */
    boolean anyStarted() {
        return started;
    }

    /**
     * @param name the file
     * @param total its size, or -1
     * @param alreadyDone the part already on disk
     */
    void startFile(String name, long total, long alreadyDone) {
        file = Objects.requireNonNull(name, "name");
        started = true;
        fileTotal = total;
        fileDone = alreadyDone;
        meter.restartWindow();
        listener.fileStarted(snapshot());
    }

    /** @param total the file size, learned from a response after the file started */
    void learnFileSize(long total) {
        if (fileTotal < 0 && total >= 0) {
            fileTotal = total;
            if (overallTotal >= 0) {
                overallTotal += total;
            }
        }
    }

    /** A request starts after a pause; the pause is not a slow transfer. */
    void resumeAfterPause() {
        meter.restartWindow();
    }

    /** @param bytes bytes just written to disk */
    void advance(long bytes) {
        fileDone += bytes;
        meter.record(bytes);
        listener.progressed(snapshot());
    }

    /** @param bytesOnDisk what is left of the current file after a restart truncated it */
    void rewind(long bytesOnDisk) {
        fileDone = bytesOnDisk;
        listener.progressed(snapshot());
    }

    /** The current file is complete and verified. */
    void finishFile() {
        DownloadProgress done = snapshot();
        completed += fileDone;
        fileDone = 0;
        listener.fileFinished(done);
    }

    /** Everything is done. */
    void finishAll() {
        listener.allFinished(snapshot());
    }

    DownloadProgress snapshot() {
        long overallDone = completed + fileDone;
        double rate = meter.bytesPerSecond();
        Optional<Duration> eta = Optional.empty();
        if (overallTotal >= 0 && rate > 0) {
            long remaining = Math.max(0, overallTotal - overallDone);
            eta = Optional.of(Duration.ofMillis((long) Math.ceil(remaining * 1000.0 / rate)));
        }
        return new DownloadProgress(file, fileDone, fileTotal, overallDone, overallTotal, rate, eta);
    }
}
