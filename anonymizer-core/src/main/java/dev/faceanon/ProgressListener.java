package dev.faceanon;

/**
 * Receives progress of a long call (a generation takes seconds on a GPU, minutes on a CPU). Called
 * on the thread doing the work; implementations must be quick and must not throw. To stop a call,
 * use a {@link CancellationToken} or interrupt the calling thread.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = event -> {};

    /**
     * @param event what has just been completed
     */
    void onProgress(ProgressEvent event);
}
