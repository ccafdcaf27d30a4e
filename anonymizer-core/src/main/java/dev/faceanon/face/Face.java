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
     * Creates an instance, checking its components.
     *
     * @param box the face box
     * @param score detector confidence in [0, 1]
     * @param scheme the landmark layout
     * @param landmarks the landmarks in image coordinates, {@code scheme.count()} points
     * @throws NullPointerException if the box, the scheme, the landmarks or one of them is null
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

    /**
     * The same face in the photo resized by {@code sx} horizontally and {@code sy} vertically (a photo of
     * {@code W×H} pixels resized to {@code W'×H'} has {@code sx = W'/W}, {@code sy = H'/H}): every coordinate moves
     * as the resize moves pixel centres, {@code x → (x + ½)·sx − ½}.
     *
     * @param sx the horizontal scale, positive and finite
     * @param sy the vertical scale, positive and finite
     * @return the face at that scale, with the same score and scheme
     * @throws IllegalArgumentException if a scale is not positive and finite, or a coordinate leaves the doubles
     */
    public Face scaled(double sx, double sy) {
        if (!(sx > 0 && sy > 0 && Double.isFinite(sx) && Double.isFinite(sy))) {
            throw new IllegalArgumentException("scales must be positive and finite, got " + sx + ", " + sy);
        }
        BoundingBox b = new BoundingBox(scale(box.x1(), sx), scale(box.y1(), sy), scale(box.x2(), sx),
                scale(box.y2(), sy));
        return new Face(b, score, scheme,
                landmarks.stream().map(p -> new Point(scale(p.x(), sx), scale(p.y(), sy))).toList());
    }

    private static double scale(double coordinate, double factor) {
        return (coordinate + 0.5) * factor - 0.5;
    }
}
