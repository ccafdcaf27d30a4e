package dev.faceanon.djl.detect;

/**
 * A square S3FD prior in centre form, and the decoding of the network's regression output
 * against it with the variances (0.1, 0.2).
 *
 * <p>Arithmetic follows the reference's numpy types: the offsets arrive in float32 and are
 * multiplied by the variances in float32 ({@code dx·0.1f}, {@code exp(dw·0.2f)} with a float32
 * exponential), everything involving the prior is float64. The one difference left is the float32
 * {@code exp}: Java rounds the double result, numpy's vectorised float32 exp may differ by one
 * float32 ulp (a relative 6e-8 of the box side).
 *
 * @param cx centre x in input pixels
 * @param cy centre y
 * @param size the side
 */
public record PriorBox(double cx, double cy, double size) {
    /** Variance of the centre offsets. */
    public static final float CENTRE_VARIANCE = 0.1f;
    /** Variance of the log-size offsets. */
    public static final float SIZE_VARIANCE = 0.2f;

    /**
     * Creates an instance, checking its components.
     *
     * @param cx centre x in input pixels
     * @param cy centre y
     * @param size the side
     * @throws IllegalArgumentException if a value is not finite or the size is not positive
     */
    public PriorBox {
        if (!Double.isFinite(cx) || !Double.isFinite(cy) || !(size > 0) || Double.isInfinite(size)) {
            throw new IllegalArgumentException("invalid prior " + cx + ", " + cy + ", " + size);
        }
    }

    /**
     * Decodes a regression output: centre {@code c + d·0.1·size}, side {@code size·exp(d·0.2)}, then
     * corners {@code x1 = cx − w/2}, {@code x2 = x1 + w} (the reference's order of operations).
     *
     * @param dx centre offset along x
     * @param dy centre offset along y
     * @param dw log-width offset
     * @param dh log-height offset
     * @return {@code {x1, y1, x2, y2}}; not finite if an offset is not finite or the exponential
     *     overflows
     */
    public double[] decode(float dx, float dy, float dw, float dh) {
        double centreX = cx + (dx * CENTRE_VARIANCE) * size;
        double centreY = cy + (dy * CENTRE_VARIANCE) * size;
        double w = size * (double) (float) Math.exp(dw * SIZE_VARIANCE);
        double h = size * (double) (float) Math.exp(dh * SIZE_VARIANCE);
        double x1 = centreX - w / 2;
        double y1 = centreY - h / 2;
        return new double[] {x1, y1, w + x1, h + y1};
    }
}
