package dev.faceanon.face;

/**
 * A point in image pixel coordinates (x right, y down; pixel centres at integer + 0.5 in the
 * continuous convention OpenCV's warps use, i.e. pixel (i, j) has centre (i, j)).
 *
 * @param x horizontal coordinate
 * @param y vertical coordinate
 */
public record Point(double x, double y) {
    /**
     * Creates an instance, checking its components.
     *
     * @param x horizontal coordinate
     * @param y vertical coordinate
     * @throws IllegalArgumentException if a coordinate is not finite
     */
    public Point {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("point coordinates must be finite: " + x + ", " + y);
        }
    }
}
