package dev.faceanon.face;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Finds faces and their landmarks in a photo. Implementations must be safe for concurrent calls;
 * those holding native memory are closed by their owner.
 */
public interface FaceDetector extends AutoCloseable {

    /**
     * Finds the faces of a photo.
     *
     * @param image a photo of any ImageIO type
     * @return every face found, in any order (callers sort as they need); empty if there is none
     */
    List<Face> detect(BufferedImage image);

    /** Frees resources; the default does nothing. */
    @Override
    default void close() {}
}
