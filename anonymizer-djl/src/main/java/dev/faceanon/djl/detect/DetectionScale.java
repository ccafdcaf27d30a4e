package dev.faceanon.djl.detect;

import dev.faceanon.face.BoundingBox;

/**
 * The resolution the detector network runs at, and the mapping of its boxes back to the photo.
 *
 * <p>face-alignment runs S3FD on the full-resolution photo. Its activations grow with the pixel
 * count (the first two layers alone hold 64 float32 channels per pixel, 6 GB each for a
 * 6000×4000 photo), so this port shrinks photos whose longer side exceeds a bound, keeping the
 * aspect ratio, and scales the boxes back; photos within the bound run at full resolution exactly
 * as in the reference. Coordinates are continuous with pixel {@code i} covering {@code [i, i+1)},
 * the convention of both S3FD's priors and the antialiased resize, so mapping back is a plain
 * per-axis scale.
 *
 * @param sourceWidth the photo's width
 * @param sourceHeight the photo's height
 * @param width the network input's width
 * @param height the network input's height
 */
public record DetectionScale(int sourceWidth, int sourceHeight, int width, int height) {
    /**
     * Creates an instance, checking its components.
     *
     * @param sourceWidth the photo's width
     * @param sourceHeight the photo's height
     * @param width the network input's width
     * @param height the network input's height
     * @throws IllegalArgumentException if a side is not positive or the input is larger than the
     *     photo
     */
    public DetectionScale {
        if (sourceWidth < 1 || sourceHeight < 1 || width < 1 || height < 1 || width > sourceWidth
                || height > sourceHeight) {
            throw new IllegalArgumentException("invalid detection scale " + sourceWidth + "x" + sourceHeight
                    + " -> " + width + "x" + height);
        }
    }

    /**
     * @param width the photo's width
     * @param height the photo's height
     * @param maxSide the largest side the network may see
     * @return the photo's size if its longer side is within {@code maxSide}, otherwise the size with
     *     longer side {@code maxSide} and the shorter side scaled alike, rounded, at least 1
     * @throws IllegalArgumentException if an argument is not positive
     */
    public static DetectionScale fit(int width, int height, int maxSide) {
        if (width < 1 || height < 1 || maxSide < 1) {
            throw new IllegalArgumentException("sizes must be positive, got " + width + "x" + height + ", max side "
                    + maxSide);
        }
        int longer = Math.max(width, height);
        if (longer <= maxSide) {
            return new DetectionScale(width, height, width, height);
        }
        double factor = (double) maxSide / longer;
        int w = width >= height ? maxSide : Math.max(1, (int) Math.round(width * factor));
        int h = height > width ? maxSide : Math.max(1, (int) Math.round(height * factor));
        return new DetectionScale(width, height, w, h);
    }

    /** @return true if the network sees the photo at full resolution */
    public boolean isIdentity() {
        return width == sourceWidth && height == sourceHeight;
    }

    /**
     * @param box a box in network input pixels
     * @return the box in photo pixels
     */
    public BoundingBox toSource(BoundingBox box) {
        if (isIdentity()) {
            return box;
        }
        double sx = (double) sourceWidth / width;
        double sy = (double) sourceHeight / height;
        return new BoundingBox(box.x1() * sx, box.y1() * sy, box.x2() * sx, box.y2() * sy);
    }
}
