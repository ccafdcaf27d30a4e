package dev.faceanon.redact;

import dev.faceanon.align.AlignedFace;
import dev.faceanon.image.RgbImage;
import java.util.Locale;
import java.util.Objects;

/**
 * Blurs the face's crop with a Gaussian whose standard deviation is a fraction of the face's size (the longer side
 * of its box), so a face is blurred alike at any size in the photo. Against a trained recognizer a blur is weaker
 * than {@link BlackOut} or generation (docs/redaction.md).
 *
 * <p>The filter is {@code cv2.GaussianBlur(crop, (0, 0), σ)}, bit-identical to OpenCV 4.6 for 8-bit images: the
 * kernel spans ±3σ ({@code k = round(6σ + 1) | 1}, OpenCV's rule for 8-bit images), with reflected borders.
 * In crop pixels, {@code σ = max(fraction · face size, one photo pixel)}: the floor makes a face of a few pixels
 * mix with its neighbours instead of coming back unchanged. The kernel is at most 1023 taps wide, σ at most a
 * sixth of that (170 crop pixels): a crop blurred that much is close to its average colour anyway.
 */
public final class GaussianBlur implements Redaction {

    /**
     * The default σ relative to the face's size, chosen by measurement with a face recognizer: at it, the face of
     * the real test photo is beyond the recognizer's match threshold at widths of 30 to 240 pixels
     * (docs/redaction.md).
     */
    public static final double DEFAULT_SIGMA_PER_FACE = 0.2;

    /** The smallest σ per face size accepted: below it a blur keeps too much of the face to be called redaction. */
    public static final double MIN_SIGMA_PER_FACE = 0.1;

    /** The largest σ per face size accepted: beyond it the crop is a flat colour already. */
    public static final double MAX_SIGMA_PER_FACE = 1.0;

    private static final double MAX_SIGMA = (OpenCvGaussianBlur.MAX_KERNEL_SIZE - 1) / 6.0;

    private final double sigmaPerFace;

    /** A blur of {@value #DEFAULT_SIGMA_PER_FACE} face sizes. */
    public GaussianBlur() {
        this(DEFAULT_SIGMA_PER_FACE);
    }

    private GaussianBlur(double sigmaPerFace) {
        if (!(sigmaPerFace >= MIN_SIGMA_PER_FACE && sigmaPerFace <= MAX_SIGMA_PER_FACE)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "blur sigma must be %s to %s of the face's size, got %s", MIN_SIGMA_PER_FACE,
                    MAX_SIGMA_PER_FACE, sigmaPerFace));
        }
        this.sigmaPerFace = sigmaPerFace;
    }

    /**
     * @param sigmaPerFace the Gaussian's standard deviation as a fraction of the face's size (the longer side of
     *     its box), {@value #MIN_SIGMA_PER_FACE} to {@value #MAX_SIGMA_PER_FACE}
     * @return the blur
     * @throws IllegalArgumentException if out of range or not a number
     */
    public static GaussianBlur withSigmaPerFace(double sigmaPerFace) {
        return new GaussianBlur(sigmaPerFace);
    }

    /** @return σ as a fraction of the face's size */
    public double sigmaPerFace() {
        return sigmaPerFace;
    }

    @Override
    public RgbImage apply(AlignedFace face) {
        Objects.requireNonNull(face, "face");
        return filterFor(FaceSize.of(face)).apply(face.crop());
    }

    /** The OpenCV filter for a face of this size: σ and the kernel in crop pixels. */
    OpenCvGaussianBlur filterFor(FaceSize size) {
        return OpenCvGaussianBlur.ofSigma(
                Math.min(MAX_SIGMA, Math.max(sigmaPerFace * size.inCrop(), size.cropPixelsPerPhotoPixel())));
    }

    @Override
    public String toString() {
        return "GaussianBlur[sigma " + sigmaPerFace + " of the face]";
    }
}
