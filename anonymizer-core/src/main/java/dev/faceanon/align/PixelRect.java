package dev.faceanon.align;

/**
 * A rectangle of whole pixels, {@code left ≤ x < right}, {@code top ≤ y < bottom}; empty when
 * either extent is not positive.
 */
record PixelRect(int left, int top, int right, int bottom) {

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

    int width() {
        return right - left;
    }

    int height() {
        return bottom - top;
    }

    boolean isEmpty() {
        return width() <= 0 || height() <= 0;
    }
}
