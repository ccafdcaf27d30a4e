package dev.faceanon.align;

import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Puts a processed aligned crop back into the photo it was cut from. Immutable and thread-safe.
 *
 * <p><b>{@link PasteMode#HARD}</b> is the official {@code paste_foreground_onto_background}: two
 * {@code cv2.warpAffine(crop, M, (W, H), WARP_INVERSE_MAP | INTER_NEAREST)} with border 255 and 0,
 * whose difference is a binary mask of the rotated square; the result is the crop pixel where the
 * mask is set and the photo elsewhere. Reproduced bit for bit (same 10-bit fixed-point positions).
 *
 * <p><b>{@link PasteMode#FEATHERED}</b> (the default) samples the crop bilinearly at each photo
 * pixel's exact crop position and blends it with weight {@code α = smooth(d / m)}: {@code d} is the
 * distance in crop pixels from the position to the square's edge, {@code m} the feather margin
 * ({@value #DEFAULT_FEATHER_FRACTION} of the crop side by default: 32 pixels of a 512 crop, 6 photo
 * pixels around a face whose square is 100 pixels), and {@code smooth} the monotone cubic ramp
 * {@code 3t² − 2t³}. So α is 1
 * inside the square shrunk by {@code m}, where the crop replaces the photo exactly, and falls to 0 at
 * the edge, where the photo is untouched. The margin lies well outside the face itself (the face
 * spans the middle 60 % of a WHOLE_FACE crop), so only hair and background are blended.
 *
 * <p>Crop pixels the crop's own bilinear warp filled partly with the white border (where the
 * square reached past the photo) are never blended in: the bilinear sample renormalises its
 * weights over the crop pixels that were read entirely from the photo. Photo pixels near the
 * photo's edge therefore show generated content, not white.
 *
 * <p>The background must have the size of the photo the crop was taken from.
 */
public final class PasteBack {

    /** The default feather margin as a fraction of the crop side. */
    public static final double DEFAULT_FEATHER_FRACTION = 1.0 / 16;

    /** The widest margin accepted: beyond it the ramp would reach into the face. */
    public static final double MAX_FEATHER_FRACTION = 0.15;

    private final PasteMode mode;
    private final double featherFraction;

    private PasteBack(PasteMode mode, double featherFraction) {
        this.mode = mode;
        this.featherFraction = featherFraction;
    }

    /** @return the official hard paste */
    public static PasteBack hard() {
        return new PasteBack(PasteMode.HARD, 0);
    }

    /** @return the feathered paste with the default margin */
    public static PasteBack feathered() {
        return feathered(DEFAULT_FEATHER_FRACTION);
    }

    /**
     * @param marginFraction the feather margin as a fraction of the crop side, in
     *     (0, {@value #MAX_FEATHER_FRACTION}]
     * @return the feathered paste
     * @throws IllegalArgumentException if the margin is out of range
     */
    public static PasteBack feathered(double marginFraction) {
        if (!(marginFraction > 0 && marginFraction <= MAX_FEATHER_FRACTION)) {
            throw new IllegalArgumentException("feather margin must be in (0, " + MAX_FEATHER_FRACTION + "], got "
                    + marginFraction);
        }
        return new PasteBack(PasteMode.FEATHERED, marginFraction);
    }

    /** @return the mode */
    public PasteMode mode() {
        return mode;
    }

    /** @return the feather margin as a fraction of the crop side (0 for {@link PasteMode#HARD}) */
    public double featherFraction() {
        return featherFraction;
    }

    /**
     * @param background the photo (or the result of earlier pastes)
     * @param crop the processed square crop
     * @param imageToCrop the matrix the crop was extracted with
     * @return a new image: the background with the crop pasted
     * @throws IllegalArgumentException if the crop is not square or the matrix is not invertible
     */
    public RgbImage paste(RgbImage background, RgbImage crop, AffineTransform2D imageToCrop) {
        Objects.requireNonNull(background, "background");
        byte[] out = background.toByteArray();
        blend(out, background.width(), background.height(), crop, imageToCrop, (x, y) -> 1);
        return RgbImage.of(background.width(), background.height(), out);
    }

    /**
     * {@link #paste(RgbImage, RgbImage, AffineTransform2D)} for {@code BufferedImage}s, converted
     * with {@link BufferedImageConverter}'s default limits.
     *
     * @param background the photo
     * @param crop the processed square crop
     * @param imageToCrop the matrix the crop was extracted with
     * @return a new {@code TYPE_3BYTE_BGR} image
     */
    public BufferedImage paste(BufferedImage background, BufferedImage crop, AffineTransform2D imageToCrop) {
        BufferedImageConverter converter = new BufferedImageConverter();
        return BufferedImageConverter.toBufferedImage(
                paste(converter.toRgbImage(background), converter.toRgbImage(crop), imageToCrop));
    }

    /**
     * @param imageToCrop the matrix a crop was extracted with
     * @param cropSize the crop side
     * @param imageWidth the photo's columns
     * @param imageHeight the photo's rows
     * @return the weight this paste gives the crop at each photo pixel
     * @throws IllegalArgumentException if the matrix is not invertible or a size is not positive
     */
    public PasteMask mask(AffineTransform2D imageToCrop, int cropSize, int imageWidth, int imageHeight) {
        AffineTransform2D.requireInvertible(imageToCrop);
        checkSizes(cropSize, imageWidth, imageHeight);
        PixelRect rect = PixelRect.footprint(imageToCrop, cropSize, imageWidth, imageHeight);
        float[] alpha = new float[Math.max(0, rect.width()) * Math.max(0, rect.height())];
        visit(rect, imageToCrop, cropSize, null, null, (x, y, a, fg) ->
                alpha[(y - rect.top()) * rect.width() + (x - rect.left())] = (float) a);
        return new PasteMask(rect, alpha);
    }

    /**
     * This paste as it is used for one face: a feathered paste whose margin would reach into the
     * face's box ({@link PixelRect#ofBox}) is narrowed to the distance between the box and the
     * square's edge, so that the crop replaces every pixel of the box entirely and only pixels
     * outside the box are blended. A hard paste, a box already clear of the margin, and a box the
     * square does not contain come back unchanged.
     *
     * @param face an aligned face
     * @return the paste to use for it
     */
    public PasteBack fittedTo(AlignedFace face) {
        Objects.requireNonNull(face, "face");
        PixelRect box = PixelRect.ofBox(face.face().box(), face.imageWidth(), face.imageHeight());
        if (mode == PasteMode.HARD || box.isEmpty()) {
            return this;
        }
        int size = face.cropSize();
        // The distance to the square's edge is concave, so over the box it is smallest at a corner.
        double slack = Double.POSITIVE_INFINITY;
        for (int y : new int[] {box.top(), box.bottom() - 1}) {
            for (int x : new int[] {box.left(), box.right() - 1}) {
                slack = Math.min(slack, edgeDistance(face.imageToCrop().applyX(x, y), face.imageToCrop().applyY(x, y),
                        size));
            }
        }
        // A hair below the slack, so that rounding in the per-pixel distance cannot drop alpha below 1.
        double narrowed = slack * (1 - 1e-9) / size;
        if (!(narrowed > 0) || narrowed >= featherFraction) {
            return this;
        }
        return new PasteBack(PasteMode.FEATHERED, narrowed);
    }

    /**
     * Whether the paste {@link #fittedTo} gives a face takes every pixel of the face's box
     * ({@link PixelRect#ofBox}) wholly from the crop: counted pixel by pixel with the paste's own
     * arithmetic (the fixed-point positions of the hard paste included), not estimated.
     *
     * @param face an aligned face
     * @return true if the box is not empty and each of its pixels gets weight 1
     */
    public boolean coversBox(AlignedFace face) {
        PixelRect box = PixelRect.ofBox(face.face().box(), face.imageWidth(), face.imageHeight());
        if (box.isEmpty()) {
            return false;
        }
        PasteBack used = fittedTo(face);
        long[] full = {0};
        used.visit(box, face.imageToCrop(), face.cropSize(), null, null, (x, y, a, rgb) -> {
            if (a >= 1) {
                full[0]++;
            }
        });
        return full[0] == box.area();
    }

    /** Distance from a crop position to the edge of the area the crop's pixels cover, [-0.5, S - 0.5]². */
    private static double edgeDistance(double cx, double cy, int size) {
        return Math.min(Math.min(cx + 0.5, cy + 0.5), Math.min(size - 0.5 - cx, size - 0.5 - cy));
    }

    /** Caps the crop's weight at a photo pixel (the compositor protects earlier faces with it). */
    @FunctionalInterface
    interface AlphaLimit {
        /**
         * @param x photo column
         * @param y photo row
         * @return a factor in [0, 1] applied to the paste's alpha
         */
        double at(int x, int y);
    }

    /**
     * Blends the crop into {@code target} (the photo's samples, modified in place).
     */
    void blend(byte[] target, int imageWidth, int imageHeight, RgbImage crop, AffineTransform2D imageToCrop,
            AlphaLimit limit) {
        Objects.requireNonNull(crop, "crop");
        AffineTransform2D.requireInvertible(imageToCrop);
        if (crop.width() != crop.height()) {
            throw new IllegalArgumentException("the crop must be square, got " + crop.width() + "x" + crop.height());
        }
        int size = crop.width();
        checkSizes(size, imageWidth, imageHeight);
        PixelRect rect = PixelRect.footprint(imageToCrop, size, imageWidth, imageHeight);
        boolean[] readable = mode == PasteMode.FEATHERED
                ? AffineWarp.borderFree(imageToCrop.inverse(), size, size, imageWidth, imageHeight)
                : null;
        visit(rect, imageToCrop, size, crop.toByteArray(), readable, (x, y, a, fg) -> {
            double w = a * limit.at(x, y);
            if (w <= 0) {
                return;
            }
            int o = (y * imageWidth + x) * RgbImage.CHANNELS;
            for (int c = 0; c < RgbImage.CHANNELS; c++) {
                double v = w * fg[c] + (1 - w) * (target[o + c] & 0xFF);
                target[o + c] = (byte) Math.max(0, Math.min(255, (int) Math.floor(v + 0.5)));
            }
        });
    }

    /** Receives each photo pixel of the footprint with the crop's alpha there and its colour. */
    @FunctionalInterface
    private interface PixelVisitor {
        void accept(int x, int y, double alpha, double[] rgb);
    }

    private void visit(PixelRect rect, AffineTransform2D imageToCrop, int size, byte[] crop, boolean[] readable,
            PixelVisitor visitor) {
        if (rect.isEmpty()) {
            return;
        }
        if (mode == PasteMode.HARD) {
            visitNearest(rect, imageToCrop, size, crop, visitor);
        } else {
            visitFeathered(rect, imageToCrop, size, crop, readable, visitor);
        }
    }

    /** The official mask: photo pixels whose nearest-neighbour source lies inside the crop. */
    private static void visitNearest(PixelRect rect, AffineTransform2D imageToCrop, int size, byte[] crop,
            PixelVisitor visitor) {
        WarpCoordinates map = new WarpCoordinates(imageToCrop, rect.left(), rect.width(), true);
        int[] xs = new int[rect.width()];
        int[] ys = new int[rect.width()];
        double[] rgb = new double[RgbImage.CHANNELS];
        for (int y = rect.top(); y < rect.bottom(); y++) {
            map.row(y, xs, ys);
            for (int i = 0; i < xs.length; i++) {
                int at = AffineWarp.offset(WarpCoordinates.toShort(xs[i]), WarpCoordinates.toShort(ys[i]), size, size);
                if (at < 0) {
                    continue;
                }
                if (crop != null) {
                    for (int c = 0; c < RgbImage.CHANNELS; c++) {
                        rgb[c] = crop[at + c] & 0xFF;
                    }
                }
                visitor.accept(rect.left() + i, y, 1, rgb);
            }
        }
    }

    private void visitFeathered(PixelRect rect, AffineTransform2D imageToCrop, int size, byte[] crop,
            boolean[] readable, PixelVisitor visitor) {
        double margin = featherFraction * size;
        double[] rgb = new double[RgbImage.CHANNELS];
        for (int y = rect.top(); y < rect.bottom(); y++) {
            for (int x = rect.left(); x < rect.right(); x++) {
                double cx = imageToCrop.applyX(x, y);
                double cy = imageToCrop.applyY(x, y);
                double alpha = Ramp.smooth(edgeDistance(cx, cy, size) / margin);
                if (alpha <= 0) {
                    continue;
                }
                if (crop != null) {
                    sampleReadable(crop, readable, size, cx, cy, rgb);
                }
                visitor.accept(x, y, alpha, rgb);
            }
        }
    }

    /** Bilinear sample of the crop, weights renormalised over crop pixels read wholly from the photo. */
    private static void sampleReadable(byte[] crop, boolean[] readable, int size, double cx, double cy,
            double[] rgb) {
        double x = Math.max(0, Math.min(size - 1, cx));
        double y = Math.max(0, Math.min(size - 1, cy));
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        int x1 = Math.min(x0 + 1, size - 1);
        int y1 = Math.min(y0 + 1, size - 1);
        double fx = x - x0;
        double fy = y - y0;
        int[] px = {y0 * size + x0, y0 * size + x1, y1 * size + x0, y1 * size + x1};
        double[] w = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
        double total = 0;
        for (int k = 0; k < 4; k++) {
            if (readable[px[k]]) {
                total += w[k];
            }
        }
        if (total <= 1e-9) {
            // At a photo corner the four neighbours can all straddle the border; the nearest crop
            // pixel read wholly from the photo lies within two crop pixels then.
            nearestReadable(crop, readable, size, x, y, rgb);
            return;
        }
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
            double acc = 0;
            for (int k = 0; k < 4; k++) {
                if (readable[px[k]]) {
                    acc += w[k] * (crop[px[k] * RgbImage.CHANNELS + c] & 0xFF);
                }
            }
            rgb[c] = acc / total;
        }
    }

    private static void nearestReadable(byte[] crop, boolean[] readable, int size, double x, double y, double[] rgb) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        for (int j = Math.max(0, y0 - 2); j <= Math.min(size - 1, y0 + 3); j++) {
            for (int i = Math.max(0, x0 - 2); i <= Math.min(size - 1, x0 + 3); i++) {
                double d = (i - x) * (i - x) + (j - y) * (j - y);
                if (readable[j * size + i] && d < bestDistance) {
                    bestDistance = d;
                    best = j * size + i;
                }
            }
        }
        if (best < 0) {
            // The photo is smaller than a crop pixel here; take the nearest pixel as it is.
            best = (int) Math.rint(y) * size + (int) Math.rint(x);
        }
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
            rgb[c] = crop[best * RgbImage.CHANNELS + c] & 0xFF;
        }
    }

    private static void checkSizes(int cropSize, int imageWidth, int imageHeight) {
        if (cropSize < 1 || imageWidth < 1 || imageHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive: crop " + cropSize + ", photo " + imageWidth
                    + "x" + imageHeight);
        }
    }

    @Override
    public String toString() {
        return mode == PasteMode.HARD ? "PasteBack[HARD]" : "PasteBack[FEATHERED, margin " + featherFraction + "]";
    }
}
