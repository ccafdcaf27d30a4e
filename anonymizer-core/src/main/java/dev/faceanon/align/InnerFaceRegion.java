package dev.faceanon.align;

/**
 * The part of an aligned crop that shows the face itself, as an axis-aligned rectangle in crop
 * coordinates (fractions of the crop side), plus a soft band around it. {@link FaceCompositor}
 * keeps other faces' pastes out of it.
 *
 * <p>{@link #WHOLE_FACE} is derived from the alignment template: in template units (the unit
 * square from the outer brow ends to about the mouth corners' row at v ≈ 0.78) a frontal face's
 * jaw reaches u ∈ [−0.12, 1.12] and its chin v ≈ 1.2, its forehead about 0.2 above the brows
 * (DeepFaceLab's 68-point mean face). Mapped through the WHOLE_FACE geometry
 * ({@link WholeFaceAlignment#templateToCropFraction}) that is about x ∈ [0.21, 0.79],
 * y ∈ [0.20, 0.87] of the crop, with a band of 0.03 of the crop side around it.
 *
 * @param left left edge, fraction of the crop side
 * @param top top edge
 * @param right right edge
 * @param bottom bottom edge
 * @param band width of the soft band outside the rectangle, fraction of the crop side
 */
public record InnerFaceRegion(double left, double top, double right, double bottom, double band) {

    /** The WHOLE_FACE default (see the class description). */
    public static final InnerFaceRegion WHOLE_FACE = fromTemplate(-0.12, -0.20, 1.12, 1.22, 0.03);

    /**
     * Creates an instance, checking its components.
     *
     * @param left left edge, fraction of the crop side
     * @param top top edge
     * @param right right edge
     * @param bottom bottom edge
     * @param band width of the soft band outside the rectangle, fraction of the crop side
     * @throws IllegalArgumentException unless {@code 0 ≤ left < right ≤ 1}, {@code 0 ≤ top < bottom ≤ 1}
     *     and {@code band ≥ 0}
     */
    public InnerFaceRegion {
        if (!(left >= 0 && left < right && right <= 1 && top >= 0 && top < bottom && bottom <= 1 && band >= 0)) {
            throw new IllegalArgumentException("invalid inner region " + left + "," + top + " - " + right + ","
                    + bottom + " band " + band);
        }
    }

    /**
     * @param u0 left edge in template units
     * @param v0 top edge in template units
     * @param u1 right edge in template units
     * @param v1 bottom edge in template units
     * @param band soft band, fraction of the crop side
     * @return the region in crop fractions
     */
    public static InnerFaceRegion fromTemplate(double u0, double v0, double u1, double v1, double band) {
        double[] a = WholeFaceAlignment.templateToCropFraction(u0, v0);
        double[] b = WholeFaceAlignment.templateToCropFraction(u1, v1);
        return new InnerFaceRegion(a[0], a[1], b[0], b[1], band);
    }

    /**
     * @param imageToCrop the face's image→crop matrix
     * @param cropSize its crop side
     * @param x photo x
     * @param y photo y
     * @return 1 inside the rectangle, falling smoothly to 0 across the band, 0 beyond
     */
    public double weight(AffineTransform2D imageToCrop, int cropSize, double x, double y) {
        double cx = imageToCrop.applyX(x, y) / cropSize;
        double cy = imageToCrop.applyY(x, y) / cropSize;
        double dx = Math.max(0, Math.max(left - cx, cx - right));
        double dy = Math.max(0, Math.max(top - cy, cy - bottom));
        if (dx == 0 && dy == 0) {
            return 1;
        }
        if (band == 0) {
            return 0;
        }
        return Ramp.smooth(1 - Math.hypot(dx, dy) / band);
    }

    /**
     * @param imageToCrop the face's image→crop matrix
     * @param cropSize its crop side
     * @param x photo x
     * @param y photo y
     * @return true if the point lies in the rectangle itself
     */
    public boolean contains(AffineTransform2D imageToCrop, int cropSize, double x, double y) {
        double cx = imageToCrop.applyX(x, y) / cropSize;
        double cy = imageToCrop.applyY(x, y) / cropSize;
        return cx >= left && cx <= right && cy >= top && cy <= bottom;
    }
}
