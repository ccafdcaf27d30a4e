package dev.faceanon.djl.hub;

import dev.faceanon.FaceAnonException;
import java.util.Objects;

/**
 * Model files could not be obtained. {@link #reason()} classifies the failure for programs; the
 * message says what to do about it (set a token, fix a revision, free disk space, go online...).
 */
public class ModelDownloadException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    /** Why the files could not be obtained. */
    public enum Reason {
        /** Offline mode (HF_HUB_OFFLINE) and the files are not in any cache. */
        OFFLINE_NOT_CACHED,
        /** HTTP 401: no token, or an invalid one, for a private or gated repository. */
        UNAUTHORIZED,
        /** HTTP 403: the token lacks access, or the repository is gated and its terms not accepted. */
        FORBIDDEN,
        /** HTTP 404: the repository does not exist (or is private and no token was given). */
        REPOSITORY_NOT_FOUND,
        /** HTTP 404: the pinned revision does not exist. */
        REVISION_NOT_FOUND,
        /** HTTP 404: the file does not exist at that revision, or a plain URL does not exist. */
        FILE_NOT_FOUND,
        /** Not enough free disk space for the download. */
        DISK_FULL,
        /** The downloaded content does not have the published hash; it was deleted. */
        CHECKSUM_MISMATCH,
        /** The server could not be reached, or the connection kept failing. */
        NETWORK,
        /** The server answered with an error or a response that breaks the protocol. */
        SERVER,
        /**
         * A setting is unusable: an environment variable ({@code HF_ENDPOINT}, {@code HF_TOKEN}, a cache
         * path, a download pace) or the value given in code.
         */
        INVALID_SETTING
    }

    /** Serialized with the exception: see the accessor of the same name. */
    private final Reason reason;

    /**
     * @param reason the classification
     * @param message what happened and what to do
     */
    public ModelDownloadException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param reason the classification
     * @param message what happened and what to do
     * @param cause the underlying failure
     */
    public ModelDownloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return the classification */
    public Reason reason() {
        return reason;
    }
}
