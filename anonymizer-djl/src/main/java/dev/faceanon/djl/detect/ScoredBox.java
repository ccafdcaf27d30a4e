package dev.faceanon.djl.detect;

import dev.faceanon.face.BoundingBox;
import java.util.Objects;

/**
 * A detector's box with its face probability.
 *
 * @param box the box in image pixels
 * @param score the face probability in [0, 1]
 */
public record ScoredBox(BoundingBox box, double score) {
    /**
     * Creates an instance, checking its components.
     *
     * @param box the box in image pixels
     * @param score the face probability in [0, 1]
     * @throws NullPointerException if the box is null
     * @throws IllegalArgumentException if the score is outside [0, 1]
     */
    public ScoredBox {
        Objects.requireNonNull(box, "box");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], got " + score);
        }
    }
}
