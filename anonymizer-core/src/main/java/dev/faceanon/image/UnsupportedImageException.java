package dev.faceanon.image;

import dev.faceanon.FaceAnonException;

/**
 * An image's pixel format cannot be converted to RGB (a custom colour model that Java's colour
 * management rejects). Convert the image to a standard type, e.g. by drawing it onto a
 * {@code TYPE_INT_RGB} image, and pass that instead.
 */
public class UnsupportedImageException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be converted
     * @param cause the failure reported by Java's colour management
     */
    public UnsupportedImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
