package dev.faceanon.video;

import dev.faceanon.FaceAnonException;

/**
 * A video could not be read, processed or written. No output file is left behind when one is
 * thrown by {@link VideoProcessor}.
 */
public class VideoException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the file, and what to do about it
     */
    public VideoException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the file, and what to do about it
     * @param cause the underlying failure
     */
    public VideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
