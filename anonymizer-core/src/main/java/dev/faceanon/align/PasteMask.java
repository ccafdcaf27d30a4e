package dev.faceanon.align;

/**
 * How much of a pasted crop each photo pixel takes: an alpha in [0, 1] over the rectangle of photo
 * pixels the crop square can reach, 0 everywhere else. For {@link PasteMode#HARD} it is exactly 0
 * or 1 (the official binary mask); for {@link PasteMode#FEATHERED} it ramps at the square's edge.
 * Lets callers composite several faces themselves.
 */
public final class PasteMask {
    private final int left;
    private final int top;
    private final int width;
    private final int height;
    private final float[] alpha;

    PasteMask(PixelRect rect, float[] alpha) {
        this.left = rect.left();
        this.top = rect.top();
        this.width = Math.max(0, rect.width());
        this.height = Math.max(0, rect.height());
        this.alpha = alpha;
    }

    /** @return the first column of the covered rectangle */
    public int left() {
        return left;
    }

    /** @return the first row of the covered rectangle */
    public int top() {
        return top;
    }

    /** @return the covered rectangle's columns (0 if the square misses the photo) */
    public int width() {
        return width;
    }

    /** @return the covered rectangle's rows (0 if the square misses the photo) */
    public int height() {
        return height;
    }

    /**
     * @param x photo column
     * @param y photo row
     * @return the crop's weight at that pixel, 0 outside the covered rectangle
     */
    public double alpha(int x, int y) {
        int cx = x - left;
        int cy = y - top;
        if (cx < 0 || cy < 0 || cx >= width || cy >= height) {
            return 0;
        }
        return alpha[cy * width + cx];
    }

    /** @return the number of pixels with a non-zero alpha */
    public long coveredPixels() {
        long n = 0;
        for (float a : alpha) {
            if (a > 0) {
                n++;
            }
        }
        return n;
    }
}
