package dev.faceanon.face;

/**
 * An axis-aligned box in image pixel coordinates, corners ({@code x1}, {@code y1}) top-left and
 * ({@code x2}, {@code y2}) bottom-right.
 *
 * @param x1 left
 * @param y1 top
 * @param x2 right, ≥ x1
 * @param y2 bottom, ≥ y1
 */
public record BoundingBox(double x1, double y1, double x2, double y2) {
    /**
     * Creates an instance, checking its components.
     *
     * @param x1 left
     * @param y1 top
     * @param x2 right, ≥ x1
     * @param y2 bottom, ≥ y1
     * @throws IllegalArgumentException if a coordinate is not finite or the box is inverted
     */
    public BoundingBox {
        if (!Double.isFinite(x1) || !Double.isFinite(y1) || !Double.isFinite(x2) || !Double.isFinite(y2)
                || x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException("invalid box " + x1 + "," + y1 + " - " + x2 + "," + y2);
        }
    }

    /** @return x2 − x1 */
    public double width() {
        return x2 - x1;
    }

    /** @return y2 − y1 */
    public double height() {
        return y2 - y1;
    }

    /** @return the area */
    public double area() {
        return width() * height();
    }

    /**
     * @param other another box
     * @return intersection over union, 0 for disjoint or empty boxes
     */
    public double iou(BoundingBox other) {
        double w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / (area() + other.area() - inter);
    }
}
