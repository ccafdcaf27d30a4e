package dev.faceanon.align;

import dev.faceanon.FaceAnonException;

/**
 * The landmarks of a face do not define an alignment: the points coincide, are too far out of
 * range for float32 (as the official pipeline computes), or give a singular crop transform. Comes
 * from detector output, never from a programming error; skip the face or redact its box instead.
 */
public class DegenerateLandmarksException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which check failed
     */
    public DegenerateLandmarksException(String message) {
        super(message);
    }
}
