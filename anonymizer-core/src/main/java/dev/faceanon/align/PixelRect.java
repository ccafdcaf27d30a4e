package dev.faceanon.align;

import dev.faceanon.face.BoundingBox;

/**
 * A rectangle of whole pixels, {@code left ≤ x < right}, {@code top ≤ y < bottom}; empty when
 * either extent is not positive.
 *
 * @param left first column
 * @param top first row
 * @param right one past the last column
 * @param bottom one past the last row
 */
public record PixelRect(int left, int top, int right, int bottom) {

    /**
     * The pixels a face box claims: every pixel whose unit square meets the box, i.e. whose centre
     * {@code (x, y)} satisfies {@code x1 − ½ ≤ x ≤ x2 + ½} and {@code y1 − ½ ≤ y ≤ y2 + ½}, clipped to
     * the photo. These are the pixels the library guarantees to cover for every face it reports as
     * handled. Computed in floating point before any conversion, so that boxes of any finite size
     * (far outside the photo, or larger than it by hundreds of orders of magnitude) clip correctly.
     *
     * @param box a face box
     * @param imageWidth the photo's columns
     * @param imageHeight the photo's rows
     * @return the box's pixels in the photo; empty if the box lies wholly outside it
     */
    public static PixelRect ofBox(BoundingBox box, int imageWidth, int imageHeight) {
        int left = clip(Math.ceil(box.x1() - 0.5), imageWidth);
        int right = clip(Math.floor(box.x2() + 0.5) + 1, imageWidth);
        int top = clip(Math.ceil(box.y1() - 0.5), imageHeight);
        int bottom = clip(Math.floor(box.y2() + 0.5) + 1, imageHeight);
        return new PixelRect(left, top, Math.max(left, right), Math.max(top, bottom));
    }

    private static int clip(double v, int limit) {
        return (int) Math.max(0, Math.min(limit, v));
    }

    /**
     * The photo pixels a crop square can reach: the bounding box of the square's corners mapped into
     * the photo, grown by two pixels plus two crop pixels (more than the fixed-point rounding of any
     * warp moves a boundary), and clipped to the photo.
     */
    static PixelRect footprint(AffineTransform2D imageToCrop, int cropSize, int imageWidth, int imageHeight) {
        AffineTransform2D toImage = imageToCrop.inverse();
        double lo = -0.5;
        double hi = cropSize - 0.5;
        double[][] corners = {{lo, lo}, {hi, lo}, {hi, hi}, {lo, hi}};
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] c : corners) {
            double x = toImage.applyX(c[0], c[1]);
            double y = toImage.applyY(c[0], c[1]);
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        double grow = 2 + 2 / imageToCrop.lengthScale();
        int left = (int) Math.max(0, Math.min(imageWidth, Math.floor(minX - grow)));
        int top = (int) Math.max(0, Math.min(imageHeight, Math.floor(minY - grow)));
        int right = (int) Math.max(0, Math.min(imageWidth, Math.ceil(maxX + grow) + 1));
        int bottom = (int) Math.max(0, Math.min(imageHeight, Math.ceil(maxY + grow) + 1));
        return new PixelRect(left, top, Math.max(left, right), Math.max(top, bottom));
    }

    /** @return the number of columns (not positive when empty) */
    public int width() {
        return right - left;
    }

    /** @return the number of rows (not positive when empty) */
    public int height() {
        return bottom - top;
    }

    /** @return true if the rectangle holds no pixel */
    public boolean isEmpty() {
        return width() <= 0 || height() <= 0;
    }

    /** @return the number of pixels, 0 when empty */
    public long area() {
        return isEmpty() ? 0 : (long) width() * height();
    }

    /**
     * @param x column
     * @param y row
     * @return true if the pixel lies in the rectangle
     */
    public boolean contains(int x, int y) {
        return x >= left && x < right && y >= top && y < bottom;
    }
}
