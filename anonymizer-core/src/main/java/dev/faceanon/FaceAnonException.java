package dev.faceanon;

/**
 * Base class of every exception this library throws on purpose.
 *
 * <p>Unchecked so that wrappers (CLIs, services, batch jobs) can catch one type at the boundary;
 * the subclasses say which input was wrong and what to do about it.
 */
public class FaceAnonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and, where possible, what the caller can do about it
     */
    public FaceAnonException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and, where possible, what the caller can do about it
     * @param cause the underlying failure
     */
    public FaceAnonException(String message, Throwable cause) {
        super(message, cause);
    }
}
