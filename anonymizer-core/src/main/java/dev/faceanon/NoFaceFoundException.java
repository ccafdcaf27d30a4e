package dev.faceanon;

/**
 * A photo that must show a usable face does not: no face was detected in it, or the face found or
 * given is too small or has landmarks that do not define an alignment. Thrown for the identity
 * photo of a face swap (see {@link FaceSwapper#identityOf(java.awt.image.BufferedImage)}); the
 * message says which case it is and what to do.
 */
public class NoFaceFoundException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which face is missing or unusable, and what the caller can do about it
     */
    public NoFaceFoundException(String message) {
        super(message);
    }

    /**
     * @param message which face is unusable, and what the caller can do about it
     * @param cause why it is unusable
     */
    public NoFaceFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
