package dev.faceanon.redact;

import dev.faceanon.align.AffineTransform2D;
import dev.faceanon.align.AffineWarp;
import dev.faceanon.align.AlignedFace;
import dev.faceanon.align.DegenerateLandmarksException;
import dev.faceanon.align.FaceCompositor;
import dev.faceanon.align.FaceExtractor;
import dev.faceanon.align.LandmarkFit;
import dev.faceanon.align.PasteBack;
import dev.faceanon.align.PixelRect;
import dev.faceanon.face.Face;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redacts faces in a photo without any model weights, with the official {@code redact_faces.py}
 * flow: cut each face's aligned crop, apply the {@link Redaction} (whose strength is relative to the
 * face's box, so it does not depend on the crop size), paste the crops back. This is also the
 * fail-closed path when anonymisation cannot run. Immutable and thread-safe.
 *
 * <p>Every pixel of each face's box ({@link PixelRect#ofBox}) is redacted. A face whose landmarks
 * do not define an alignment or do not fit its box ({@link LandmarkFit}) is redacted over the
 * axis-aligned square centred on its box (clipped to the photo), twice the box's longer side,
 * instead of where its landmarks point; a face whose box lies wholly outside the photo has
 * nothing to redact. {@link #redactAll} reports which face was covered how.
 */
public final class FaceRedactor {
    private static final Logger LOG = LoggerFactory.getLogger(FaceRedactor.class);

    /** Side of the fallback square relative to the face box's longer side. */
    static final double BOX_FALLBACK_SCALE = 2.0;

    private final Redaction redaction;
    private final FaceExtractor extractor;
    private final FaceCompositor compositor;

    /**
     * The official settings: 512-pixel crops and the hard paste, with faces ordered and protected
     * as {@link FaceCompositor#protecting} describes.
     *
     * @param redaction the method
     */
    public FaceRedactor(Redaction redaction) {
        this(redaction, new FaceExtractor(), FaceCompositor.protecting(PasteBack.hard()));
    }

    /**
     * @param redaction the method
     * @param extractor the crop size
     * @param compositor how the crops go back
     */
    public FaceRedactor(Redaction redaction, FaceExtractor extractor, FaceCompositor compositor) {
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.compositor = Objects.requireNonNull(compositor, "compositor");
    }

    /**
     * @param photo the photo
     * @param faces the faces to redact (may be empty)
     * @return a new image with every face redacted
     */
    public RgbImage redact(RgbImage photo, List<Face> faces) {
        return redactAll(photo, faces).image();
    }

    /**
     * {@link #redact(RgbImage, List)} for {@code BufferedImage}s (converted with
     * {@link BufferedImageConverter}'s default limits).
     *
     * @param photo the photo
     * @param faces the faces to redact
     * @return a new {@code TYPE_3BYTE_BGR} image
     */
    public BufferedImage redact(BufferedImage photo, List<Face> faces) {
        return BufferedImageConverter.toBufferedImage(redact(new BufferedImageConverter().toRgbImage(photo), faces));
    }

    /**
     * Redacts every face and says how each was covered: its aligned crop, or the square around its
     * box and why, or nothing because its box lies outside the photo.
     *
     * @param photo the photo
     * @param faces the faces to redact (may be empty)
     * @return the redacted photo and one entry per face, in the order given
     */
    public RedactedPhoto redactAll(RgbImage photo, List<Face> faces) {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(faces, "faces");
        List<AlignedFace> cut = new ArrayList<>(faces.size());
        List<RedactedFace> report = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            Face face = faces.get(i);
            PixelRect box = PixelRect.ofBox(face.box(), photo.width(), photo.height());
            if (box.isEmpty()) {
                report.add(new RedactedFace(face, RedactedFace.Area.NONE,
                        LandmarkFit.boxOutsidePhoto(photo.width(), photo.height())));
                continue;
            }
            try {
                cut.add(extractor.extractFitting(photo, face, compositor.paste()));
                report.add(new RedactedFace(face, RedactedFace.Area.ALIGNED_CROP, ""));
            } catch (DegenerateLandmarksException e) {
                LOG.warn("face {}: {}; redacting the square around its box instead", i + 1, e.getMessage());
                cut.add(boxSquareCrop(photo, face, box));
                report.add(new RedactedFace(face, RedactedFace.Area.BOX_SQUARE,
                        "landmarks cannot be aligned: " + e.getMessage()));
            }
        }
        return new RedactedPhoto(compose(photo, cut), report);
    }

    /**
     * Redacts the square around each face's box, whatever its landmarks: for faces already known
     * not to fit. Faces whose box lies outside the photo are left out.
     *
     * @param photo the photo
     * @param faces the faces
     * @return a new image with every box redacted
     */
    public RgbImage redactAroundBoxes(RgbImage photo, List<Face> faces) {
        Objects.requireNonNull(photo, "photo");
        List<AlignedFace> cut = new ArrayList<>(faces.size());
        for (Face face : faces) {
            PixelRect box = PixelRect.ofBox(face.box(), photo.width(), photo.height());
            if (!box.isEmpty()) {
                cut.add(boxSquareCrop(photo, face, box));
            }
        }
        return compose(photo, cut);
    }

    private RgbImage compose(RgbImage photo, List<AlignedFace> cut) {
        List<RgbImage> redacted = new ArrayList<>(cut.size());
        for (AlignedFace a : cut) {
            redacted.add(redaction.apply(a));
        }
        return compositor.compose(photo, cut, redacted);
    }

    private AlignedFace boxSquareCrop(RgbImage photo, Face face, PixelRect box) {
        AffineTransform2D m = boxSquare(box, extractor.cropSize(), photo.width(), photo.height());
        return new AlignedFace(face, m, AffineWarp.crop(photo, m, extractor.cropSize()), photo.width(),
                photo.height());
    }

    /**
     * The axis-aligned image→crop map of the fallback square around a box's pixels. Built from the
     * pixels clipped to the photo, so its numbers stay within the photo's scale whatever the box.
     * The hard paste places photo pixels in 10-bit fixed point in an {@code int}
     * ({@code round(scale·x·1024)}); the side is kept large enough that this cannot overflow for
     * any pixel of the photo.
     */
    static AffineTransform2D boxSquare(PixelRect box, int cropSize, int imageWidth, int imageHeight) {
        double side = BOX_FALLBACK_SCALE * Math.max(box.width(), box.height());
        side = Math.max(side, (double) cropSize * Math.max(imageWidth, imageHeight) / (1 << 20));
        double scale = cropSize / side;
        double centre = (cropSize - 1) / 2.0;
        double cx = (box.left() + box.right() - 1) / 2.0;
        double cy = (box.top() + box.bottom() - 1) / 2.0;
        return AffineTransform2D.of(scale, 0, centre - scale * cx, 0, scale, centre - scale * cy);
    }

    @Override
    public String toString() {
        return "FaceRedactor[" + redaction + ", " + extractor.cropSize() + " px crops, " + compositor + "]";
    }
}
