package dev.faceanon.djl.detect;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;

/**
 * The square region 2DFAN4 looks at for one face box, as face-alignment 1.4.1 crops it.
 *
 * <p>Geometry: centre {@code ((x1 + x2)/2, (y1 + y2)/2 − 0.12·(y2 − y1))} (written as the
 * reference does, {@code x2 − (x2 − x1)/2}), scale {@code (w + h)/195}, and a crop side of
 * {@code 200·scale} photo pixels mapped to {@value #INPUT_SIZE} network pixels. The crop window
 * runs from corner {@code ul} (crop pixel (1, 1) in the reference's 1-based convention) to corner
 * {@code br} (crop pixel (256, 256)), both mapped to the photo and truncated to integers; its
 * pixels outside the photo are black; it is resized to 256×256 with OpenCV's bilinear resize
 * ({@link OpenCvLinearResize}).
 *
 * <p>Precision of the corners: the reference builds the crop matrix as a float32 tensor, inverts
 * it with LAPACK in float32 and truncates. Here the matrix entries are rounded to float32 the
 * same way and the inverse uses correctly rounded float32 division; LAPACK builds differ from
 * that (and from each other) by one float32 ulp for some matrices, which moves a corner by one
 * pixel only when it lies within about 1e-4 px of an integer.
 *
 * <p>Landmarks are mapped back from heatmap pixels ({@value #HEATMAP_SIZE} per side) with the
 * inverse of the same transform in float64 and truncated towards zero, as the reference's
 * {@code transform_np(...).astype(int32)} does (it inverts with {@code numpy.linalg.pinv}, whose
 * last-bit differences matter only for values within about 1e-12 of an integer).
 */
public final class FanCrop {
    /** Side of the network input. */
    public static final int INPUT_SIZE = 256;
    /** Side of the heatmaps. */
    public static final int HEATMAP_SIZE = 64;
    /** face-alignment's {@code reference_scale} of the S3FD detector. */
    public static final double REFERENCE_SCALE = 195.0;
    /** Share of the box height the centre moves up. */
    public static final double CENTRE_SHIFT = 0.12;

    private final double centreX;
    private final double centreY;
    private final double scale;
    private final long left;
    private final long top;
    private final long right;
    private final long bottom;

    /**
     * @param centreX crop centre x in photo pixels
     * @param centreY crop centre y
     * @param scale crop scale; the crop side is {@code 200·scale}
     * @throws IllegalArgumentException if a value is not finite or the scale is not positive
     */
    public FanCrop(double centreX, double centreY, double scale) {
        if (!Double.isFinite(centreX) || !Double.isFinite(centreY) || !(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("invalid crop: centre " + centreX + ", " + centreY + ", scale " + scale);
        }
        this.centreX = centreX;
        this.centreY = centreY;
        this.scale = scale;
        double side = 200.0 * scale;
        left = corner(1, centreX, side);
        top = corner(1, centreY, side);
        right = corner(INPUT_SIZE, centreX, side);
        bottom = corner(INPUT_SIZE, centreY, side);
    }

    /**
     * @param box a face box from S3FD, photo pixels
     * @return the crop face-alignment takes for it
     */
    public static FanCrop of(BoundingBox box) {
        double cx = box.x2() - (box.x2() - box.x1()) / 2.0;
        double cy = box.y2() - (box.y2() - box.y1()) / 2.0;
        cy = cy - (box.y2() - box.y1()) * CENTRE_SHIFT;
        double scale = (box.x2() - box.x1() + box.y2() - box.y1()) / REFERENCE_SCALE;
        return new FanCrop(cx, cy, scale);
    }

    /** Crop pixel {@code p} (1-based) mapped to the photo along one axis, float32, truncated. */
    private static long corner(int p, double centre, double side) {
        float a = (float) (INPUT_SIZE / side);
        float b = (float) (INPUT_SIZE * (-centre / side + 0.5));
        float inverse = 1f / a;
        float offset = -b / a;
        // Java's float-to-long cast truncates like torch's .int(), and saturates where that overflows.
        return (long) (inverse * p + offset);
    }

    /**
     * @param image the photo
     * @return the 256×256 RGB network input (row-major HWC), black outside the photo; black
     *     everywhere for a degenerate box whose window is empty (where the reference would fail)
     */
    public byte[] sample(RgbImage image) {
        long width = right - left;
        long height = bottom - top;
        if (width < 1 || height < 1) {
            return new byte[INPUT_SIZE * INPUT_SIZE * 3];
        }
        return OpenCvLinearResize.resizeWindow(image, left, top, width, height, INPUT_SIZE, INPUT_SIZE);
    }

    /**
     * Maps a heatmap position back to the photo.
     *
     * @param x heatmap x (continuous, as {@link HeatmapDecoder} returns it)
     * @param y heatmap y
     * @return the photo position, each coordinate truncated towards zero
     */
    public Point heatmapToImage(double x, double y) {
        double side = 200.0 * scale;
        double a = HEATMAP_SIZE / side;
        double bx = HEATMAP_SIZE * (-centreX / side + 0.5);
        double by = HEATMAP_SIZE * (-centreY / side + 0.5);
        double px = x / a - bx / a;
        double py = y / a - by / a;
        return new Point((long) px, (long) py);
    }

    /** @return centre x */
    public double centreX() {
        return centreX;
    }

    /** @return centre y */
    public double centreY() {
        return centreY;
    }

    /** @return the scale; the crop side is {@code 200·scale} photo pixels */
    public double scale() {
        return scale;
    }

    /** @return the window's first column (upper-left corner x), may be outside the photo */
    public long left() {
        return left;
    }

    /** @return the window's first row */
    public long top() {
        return top;
    }

    /** @return one past the window's last column (lower-right corner x) */
    public long right() {
        return right;
    }

    /** @return one past the window's last row */
    public long bottom() {
        return bottom;
    }

    @Override
    public String toString() {
        return "FanCrop[centre " + centreX + ", " + centreY + ", scale " + scale + ", window " + left + "," + top
                + " - " + right + "," + bottom + "]";
    }
}
