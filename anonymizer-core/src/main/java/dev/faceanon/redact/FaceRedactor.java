package dev.faceanon.redact;

import dev.faceanon.align.AffineTransform2D;
import dev.faceanon.align.AffineWarp;
import dev.faceanon.align.AlignedFace;
import dev.faceanon.align.DegenerateLandmarksException;
import dev.faceanon.align.FaceCompositor;
import dev.faceanon.align.FaceExtractor;
import dev.faceanon.align.PasteBack;
import dev.faceanon.face.BoundingBox;
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
 * flow: cut each face's aligned crop, apply the {@link Redaction}, paste the crops back. This is
 * also the fail-closed path when anonymisation cannot run. Immutable and thread-safe.
 *
 * <p>A face whose landmarks do not define an alignment (see {@link DegenerateLandmarksException})
 * is still redacted: its crop is then the axis-aligned square centred on its box, twice the box's
 * longer side, so that the box is covered with the same margin a WHOLE_FACE crop leaves.
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
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(faces, "faces");
        List<AlignedFace> aligned = new ArrayList<>(faces.size());
        List<RgbImage> redacted = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            AlignedFace a = cut(photo, faces.get(i), i);
            aligned.add(a);
            redacted.add(redaction.apply(a.crop()));
        }
        return compositor.compose(photo, aligned, redacted);
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

    private AlignedFace cut(RgbImage photo, Face face, int index) {
        try {
            return extractor.extract(photo, face);
        } catch (DegenerateLandmarksException e) {
            LOG.warn("face {}: {}; redacting the square around its box instead", index, e.getMessage());
            AffineTransform2D m = boxSquare(face.box(), extractor.cropSize());
            return new AlignedFace(face, m, AffineWarp.crop(photo, m, extractor.cropSize()), photo.width(),
                    photo.height());
        }
    }

    /** The axis-aligned image→crop map of the fallback square around a box. */
    static AffineTransform2D boxSquare(BoundingBox box, int cropSize) {
        double side = Math.max(1, BOX_FALLBACK_SCALE * Math.max(box.width(), box.height()));
        double scale = cropSize / side;
        double cx = (box.x1() + box.x2()) / 2;
        double cy = (box.y1() + box.y2()) / 2;
        return AffineTransform2D.of(scale, 0, cropSize / 2.0 - scale * cx, 0, scale, cropSize / 2.0 - scale * cy);
    }

    @Override
    public String toString() {
        return "FaceRedactor[" + redaction + ", " + extractor.cropSize() + " px crops, " + compositor + "]";
    }
}
