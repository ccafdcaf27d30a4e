package dev.faceanon;

import dev.faceanon.align.FaceCompositor;
import dev.faceanon.align.PasteBack;
import dev.faceanon.face.Face;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.Redaction;
import dev.faceanon.image.ModelFrame;
import dev.faceanon.image.RgbImage;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a face by a generated face of another identity, keeping expression, head pose, gaze,
 * hair and background. Created by {@link FaceModels#anonymizer(DiffusionConfig)}; immutable and
 * safe to use from many threads at once. Every method throws {@link IllegalStateException} once
 * its models are closed ({@link FaceModels} describes a call racing with close).
 */
public final class FaceAnonymizer {
    private static final Logger LOG = LoggerFactory.getLogger(FaceAnonymizer.class);
    /** Smallest crop square (in photo pixels) a face is generated for; smaller faces are redacted. */
    public static final int DEFAULT_MIN_FACE_SIZE = 24;

    private final FaceModels models;
    private final DiffusionConfig config;
    private final Redaction fallback;
    private final FaceCompositor compositor;
    private final int minFaceSize;

    FaceAnonymizer(FaceModels models, DiffusionConfig config) {
        this(models, config, new BlackOut(), FaceCompositor.protecting(PasteBack.feathered()), DEFAULT_MIN_FACE_SIZE);
    }

    private FaceAnonymizer(FaceModels models, DiffusionConfig config, Redaction fallback, FaceCompositor compositor,
            int minFaceSize) {
        this.models = models;
        this.config = config;
        this.fallback = fallback;
        this.compositor = compositor;
        this.minFaceSize = minFaceSize;
    }

    /**
     * @param redaction what is done to a face that cannot be anonymized (default: {@link BlackOut},
     *     which leaves nothing of the face; {@code GaussianBlur} and {@code Pixelate}, with strength
     *     relative to the face's size, are weaker against recognizers: docs/redaction.md)
     * @return a copy using it
     */
    public FaceAnonymizer withFallback(Redaction redaction) {
        models.requireOpen("FaceAnonymizer.withFallback");
        return new FaceAnonymizer(models, config, Objects.requireNonNull(redaction, "redaction"), compositor,
                minFaceSize);
    }

    /**
     * @param paste how generated crops are put back: {@link PasteBack#feathered()} (default, hides
     *     the seam) or {@link PasteBack#hard()} (the official hard paste of the square)
     * @return a copy using it, with the face-protecting compositor
     */
    public FaceAnonymizer withPaste(PasteBack paste) {
        models.requireOpen("FaceAnonymizer.withPaste");
        return new FaceAnonymizer(models, config, fallback, FaceCompositor.protecting(paste), minFaceSize);
    }

    /**
     * @param pixels smallest side of a face's crop square in the photo that is generated (≥ 1); faces
     *     below it are redacted, since landmarks of tiny faces are unreliable
     * @return a copy using it
     */
    public FaceAnonymizer withMinimumFaceSize(int pixels) {
        models.requireOpen("FaceAnonymizer.withMinimumFaceSize");
        if (pixels < 1) {
            throw new IllegalArgumentException("minimum face size must be >= 1, got " + pixels);
        }
        return new FaceAnonymizer(models, config, fallback, compositor, pixels);
    }

    /** @return the generation settings */
    public DiffusionConfig config() {
        models.requireOpen("FaceAnonymizer.config");
        return config;
    }

    /**
     * Anonymizes every face of a photo, found with the models' face detector.
     *
     * @param photo any ImageIO type
     * @return the photo with every face replaced (or, failing that, redacted) and a report per face;
     *     a photo without faces comes back unchanged, with an empty report
     */
    public AnonymizationResult anonymize(BufferedImage photo) {
        return anonymize(photo, CallOptions.defaults());
    }

    /**
     * @param photo any ImageIO type
     * @param options progress (with the face index), cancellation
     * @return see {@link #anonymize(BufferedImage)}
     */
    public AnonymizationResult anonymize(BufferedImage photo, CallOptions options) {
        return models.whileOpen("FaceAnonymizer.anonymize", () -> {
            Objects.requireNonNull(photo, "photo");
            return anonymize(photo, models.detector().detect(photo), options);
        });
    }

    /**
     * Anonymizes the given faces of a photo: for applications that bring their own detections.
     *
     * @param photo any ImageIO type
     * @param faces faces with 68-point (or 5-point) landmarks in photo coordinates
     * @return see {@link #anonymize(BufferedImage)}
     */
    public AnonymizationResult anonymize(BufferedImage photo, List<Face> faces) {
        return anonymize(photo, faces, CallOptions.defaults());
    }

    /**
     * Anonymizes the given faces of a photo, failing closed: a face that cannot be anonymized (too
     * small, an error during generation, cancellation) is redacted with the fallback redaction and
     * reported as such; cancellation stops generating and redacts every face not yet done.
     *
     * <p>Each face's box is what is promised: every pixel of it
     * ({@link dev.faceanon.align.PixelRect#ofBox}) ends up generated or redacted. A face whose landmarks do not fit its box
     * ({@link dev.faceanon.align.LandmarkFit}: off the box, clustered, collinear, or aligning a
     * crop that does not cover the box) is redacted over the square around its box instead, and
     * reported with the reason. Absurd geometry (boxes far outside the photo, of any finite size)
     * is such a per-face outcome, never an exception.
     *
     * <p>Faces are processed and pasted in the compositor's order (ascending crop size, then left to
     * right); every crop is taken from the original photo, as in the official pipeline, and no
     * crop overwrites the face region of one pasted before it.
     *
     * @param photo any ImageIO type
     * @param faces faces with landmarks in photo coordinates
     * @param options progress (with the face index), cancellation, noise
     * @return the result and one outcome per face, in processing order
     */
    public AnonymizationResult anonymize(BufferedImage photo, List<Face> faces, CallOptions options) {
        return models.generating("FaceAnonymizer.anonymize", options, o -> anonymizeOpen(photo, faces, o));
    }

    private AnonymizationResult anonymizeOpen(BufferedImage photo, List<Face> faces, CallOptions options) {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(faces, "faces");
        Objects.requireNonNull(options, "options");
        if (faces.isEmpty()) {
            return new AnonymizationResult(photo, List.of());
        }
        PhotoFaceGeneration generation = new PhotoFaceGeneration(models, config, compositor, minFaceSize);
        PhotoFaceGeneration.Pass pass = generation.generate(models.converter().toRgbImage(photo), faces,
                GenerationMode.ANONYMIZE, null, options);
        int count = pass.attempts().size();
        List<FaceOutcome> outcomes = new ArrayList<>(faces.size());
        for (PhotoFaceGeneration.Attempt a : pass.attempts()) {
            if (a.generated().isPresent()) {
                outcomes.add(new FaceOutcome(a.index(), a.face().face(), FaceOutcome.Action.ANONYMIZED, ""));
            } else {
                LOG.warn("face {} of {} redacted instead of anonymized: {}", a.index() + 1, count, a.failure());
                outcomes.add(new FaceOutcome(a.index(), a.face().face(), FaceOutcome.Action.REDACTED, a.failure()));
            }
        }
        RgbImage composed = generation.compose(pass,
                a -> Optional.of(a.generated().orElseGet(() -> fallback.apply(a.face()))));
        if (!pass.rejected().isEmpty()) {
            // No aligned crop covers these boxes: the redactor covers the square around each box.
            List<Face> rejected = pass.rejected().stream().map(PhotoFaceGeneration.Rejected::face).toList();
            composed = new FaceRedactor(fallback).redactAroundBoxes(composed, rejected);
            for (PhotoFaceGeneration.Rejected r : pass.rejected()) {
                LOG.warn("face {} of {} redacted over its box: {}", outcomes.size() + 1, faces.size(), r.reason());
                outcomes.add(new FaceOutcome(outcomes.size(), r.face(), FaceOutcome.Action.REDACTED, r.reason()));
            }
        }
        return new AnonymizationResult(BufferedImageConverter.toBufferedImage(composed), outcomes);
    }

    /**
     * Anonymizes an aligned face crop, such as the 512×512 crops the official extractor makes
     * (face centred, eyes level, forehead included).
     *
     * @param face the aligned face; any ImageIO type (grey, alpha, 16-bit, indexed) is converted.
     *     A size other than the model's is resized to it (Lanczos) and the result resized back.
     * @return the anonymized face, same size as the input, {@code TYPE_3BYTE_BGR}
     * @throws dev.faceanon.image.ImageTooLargeException if the image exceeds the pixel limit
     * @throws dev.faceanon.image.ImageTooSmallException if a side is below 8 pixels
     */
    public BufferedImage anonymizeAligned(BufferedImage face) {
        return anonymizeAligned(face, CallOptions.defaults());
    }

    /**
     * @param face the aligned face; see {@link #anonymizeAligned(BufferedImage)}
     * @param options progress, cancellation, noise
     * @return the anonymized face, same size as the input
     * @throws CancelledException if cancelled
     * @throws dev.faceanon.image.ImageTooLargeException if the image exceeds the pixel limit
     * @throws dev.faceanon.image.ImageTooSmallException if a side is below 8 pixels
     */
    public BufferedImage anonymizeAligned(BufferedImage face, CallOptions options) {
        return models.generating("FaceAnonymizer.anonymizeAligned", options, o -> anonymizeAlignedOpen(face, o));
    }

    private BufferedImage anonymizeAlignedOpen(BufferedImage face, CallOptions options) {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(options, "options");
        RgbImage input = models.converter().toRgbImage(face);
        ModelFrame frame = ModelFrame.ofAlignedCrop(input, models.modelSize());
        RgbImage model = frame.toModel(input);
        RgbImage out = models.generate(new GenerationRequest(GenerationMode.ANONYMIZE, model, model, config,
                FaceModels.noiseFor(config, options), options.progress(), options.cancellation(), 0));
        return BufferedImageConverter.toBufferedImage(frame.toInput(out));
    }
}
