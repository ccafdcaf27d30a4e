package dev.faceanon;

/**
 * Receives download progress. Called on the downloading thread, so implementations must be quick;
 * the default methods do nothing.
 */
public interface DownloadProgressListener {

    /** A listener that ignores everything. */
    DownloadProgressListener NONE = new DownloadProgressListener() {};

    /**
     * A file transfer starts (or resumes).
     *
     * @param progress the state at the start; {@code fileBytesDone} is the resumed part
     */
    default void fileStarted(DownloadProgress progress) {}

    /**
     * Bytes arrived.
     *
     * @param progress the current state
     */
    default void progressed(DownloadProgress progress) {}

    /**
     * A file is complete and verified.
     *
     * @param progress the final state of that file
     */
    default void fileFinished(DownloadProgress progress) {}

    /**
     * Nothing more will be fetched in this resolution.
     *
     * @param progress the final overall state
     */
    default void allFinished(DownloadProgress progress) {}
}
