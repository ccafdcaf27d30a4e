package dev.faceanon.video;

/**
 * Receives the progress of a video run, on the processing thread, after each frame written; must
 * be quick and must not throw. To stop a run, cancel its {@link dev.faceanon.CancellationToken}.
 */
@FunctionalInterface
public interface VideoProgressListener {

    /** A listener that ignores everything. */
    VideoProgressListener NONE = progress -> {};

    /**
     * @param progress frames done, rate and estimated time left
     */
    void onProgress(VideoProgress progress);
}
