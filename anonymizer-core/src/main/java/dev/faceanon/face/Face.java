package dev.faceanon.face;

import java.util.List;
import java.util.Objects;

/**
 * A detected face: its box, the detector's confidence, and its landmarks.
 *
 * @param box the face box
 * @param score detector confidence in [0, 1]
 * @param scheme the landmark layout
 * @param landmarks the landmarks in image coordinates, {@code scheme.count()} points
 */
public record Face(BoundingBox box, double score, LandmarkScheme scheme, List<Point> landmarks) {
    /**
     * @throws IllegalArgumentException if the landmark count does not match the scheme or the score
     *     is outside [0, 1]
     */
    public Face {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(scheme, "scheme");
        landmarks = List.copyOf(landmarks);
        if (landmarks.size() != scheme.count()) {
            throw new IllegalArgumentException(scheme + " needs " + scheme.count() + " landmarks, got "
                    + landmarks.size());
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], got " + score);
        }
    }
}
