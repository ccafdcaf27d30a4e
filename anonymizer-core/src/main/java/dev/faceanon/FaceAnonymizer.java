package dev.faceanon;

import dev.faceanon.align.AlignedFace;
import dev.faceanon.align.FaceCompositor;
import dev.faceanon.align.FaceExtractor;
import dev.faceanon.align.PasteBack;
import dev.faceanon.face.Face;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.identity.IdentityAuditor;
import dev.faceanon.identity.IdentityCheck;
import dev.faceanon.identity.IdentityTry;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.noise.NoiseSource;
import dev.faceanon.noise.SeededNoiseSource;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a face by a generated face of another identity, keeping expression, head pose, gaze,
 * hair and background. Created by {@link FaceModels#anonymizer(DiffusionConfig)}; immutable and
 * safe to use from many threads at once. Every method throws {@link IllegalStateException} once
 * its models are closed ({@link FaceModels} describes a call racing with close).
 *
 * <p>When the models have a face recognizer ({@link ModelOptions#identityAudit()}, the default), every output face
 * is audited ({@link IdentityAudit}) and, by default, checked fail-closed ({@link IdentityCheck}): a generated face
 * the recognizer still takes for the person it replaces is generated again with the next seed, and redacted if
 * every try still matches. Faces matching a keep gallery ({@link #keeping(KeepGallery)}) are left as they are.
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
    private final IdentityCheck identityCheck;
    private final KeepGallery gallery;

    FaceAnonymizer(FaceModels models, DiffusionConfig config) {
        this(models, config, new BlackOut(), FaceCompositor.protecting(PasteBack.feathered()), DEFAULT_MIN_FACE_SIZE,
                IdentityCheck.defaults(), KeepGallery.empty());
    }

    private FaceAnonymizer(FaceModels models, DiffusionConfig config, Redaction fallback, FaceCompositor compositor,
            int minFaceSize, IdentityCheck identityCheck, KeepGallery gallery) {
        this.models = models;
        this.config = config;
        this.fallback = fallback;
        this.compositor = compositor;
        this.minFaceSize = minFaceSize;
        this.identityCheck = identityCheck;
        this.gallery = gallery;
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
                minFaceSize, identityCheck, gallery);
    }

    /**
     * @param paste how generated crops are put back: {@link PasteBack#feathered()} (default, hides
     *     the seam) or {@link PasteBack#hard()} (the official hard paste of the square)
     * @return a copy using it, with the face-protecting compositor
     */
    public FaceAnonymizer withPaste(PasteBack paste) {
        models.requireOpen("FaceAnonymizer.withPaste");
        return new FaceAnonymizer(models, config, fallback, FaceCompositor.protecting(paste), minFaceSize,
                identityCheck, gallery);
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
        return new FaceAnonymizer(models, config, fallback, compositor, pixels, identityCheck, gallery);
    }

    /**
     * @param check the threshold of the identity audit, and whether faces that still match their input are
     *     generated again and then redacted (default {@link IdentityCheck#defaults()}: threshold 0.6, fail-closed,
     *     2 retries)
     * @return a copy using it
     * @throws IllegalStateException if the models have no face recognizer (loaded with
     *     {@code identityAudit(false)})
     */
    public FaceAnonymizer withIdentityCheck(IdentityCheck check) {
        models.requireOpen("FaceAnonymizer.withIdentityCheck");
        Objects.requireNonNull(check, "check");
        models.requireRecognizer("an identity check");
        return new FaceAnonymizer(models, config, fallback, compositor, minFaceSize, check, gallery);
    }

    /**
     * @param keep the faces to leave as they are (people who consented to being shown); every other face is
     *     anonymized. {@link KeepGallery#empty()} (the default) keeps none.
     * @return a copy using it
     * @throws IllegalStateException if the models have no face recognizer and the gallery is not empty
     */
    public FaceAnonymizer keeping(KeepGallery keep) {
        models.requireOpen("FaceAnonymizer.keeping");
        Objects.requireNonNull(keep, "keep");
        if (!keep.isEmpty()) {
            models.requireRecognizer("a keep gallery");
        }
        return new FaceAnonymizer(models, config, fallback, compositor, minFaceSize, identityCheck, keep);
    }

    /** @return the identity check */
    public IdentityCheck identityCheck() {
        models.requireOpen("FaceAnonymizer.identityCheck");
        return identityCheck;
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
     * <p>With a face recognizer ({@link ModelOptions#identityAudit()}), each face is first described
     * in the photo. A face matching the keep gallery is left as it is and reported
     * {@link FaceOutcome.Action#KEPT}. Every other face's output is audited in the result
     * ({@link FaceOutcome#audit()}). With the fail-closed {@link IdentityCheck} (the default), a
     * generated face still within the threshold of its input is generated again with the next seed
     * of its sequence, at most {@link IdentityCheck#retries()} times (progress events carry the try's
     * number; cancellation stops the tries), and a face that still matches after its last try, or
     * whose next try fails or is cancelled, is redacted over its aligned crop with the fallback
     * redaction ({@link FaceRedactor}) and reported as redacted with the distances of its tries.
     *
     * @param photo any ImageIO type
     * @param faces faces with landmarks in photo coordinates
     * @param options progress (with the face index), cancellation, noise
     * @return the result and one outcome per face, in processing order (the faces left out of
     *     processing after the processed ones: those the landmarks could not place, then the kept
     *     ones)
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
        RgbImage original = models.converter().toRgbImage(photo);
        Optional<IdentityAuditor> auditor = models.auditor(identityCheck.threshold());
        InputFaces inputs = InputFaces.of(auditor, gallery, original, faces);
        List<FaceOutcome> outcomes = new ArrayList<>(faces.size());
        RgbImage result = original;
        if (!inputs.toProcess().isEmpty()) {
            result = anonymizeFaces(original, inputs, auditor, options, outcomes);
        }
        for (int i = 0; i < inputs.kept().size(); i++) {
            outcomes.add(FaceOutcome.kept(outcomes.size(), inputs.kept().get(i), inputs.matches().get(i)));
        }
        if (inputs.toProcess().isEmpty()) {
            // Every face kept: the photo as it came.
            return new AnonymizationResult(photo, outcomes);
        }
        return new AnonymizationResult(BufferedImageConverter.toBufferedImage(result), outcomes);
    }

    /** Generates, checks and composes the faces to process; adds their outcomes in processing order. */
    private RgbImage anonymizeFaces(RgbImage original, InputFaces inputs, Optional<IdentityAuditor> auditor,
            CallOptions options, List<FaceOutcome> outcomes) {
        PhotoFaceGeneration generation = new PhotoFaceGeneration(models, config, compositor, minFaceSize);
        PhotoFaceGeneration.Pass pass = generation.generate(original, inputs.toProcess(), GenerationMode.ANONYMIZE,
                null, options);
        List<Face> rejected = pass.rejected().stream().map(PhotoFaceGeneration.Rejected::face).toList();
        Function<PhotoFaceGeneration.Attempt, Optional<RgbImage>> generatedOrFallback =
                a -> Optional.of(a.generated().orElseGet(() -> fallback.apply(a.face())));
        Function<List<PhotoFaceGeneration.Attempt>, RgbImage> compose =
                attempts -> redactRejected(generation.compose(original, attempts, generatedOrFallback), rejected);
        IdentityRetries.Outcome checked = auditor.isPresent()
                ? IdentityRetries.run(generation, pass, auditor.get(), identityCheck,
                        a -> inputs.inputOf(a.face().face()), compose, options)
                : new IdentityRetries.Outcome(pass.attempts(), Map.of(), Map.of());
        Map<Integer, String> failed = checked.failed();
        RgbImage composed = redactRejected(generation.compose(original, checked.attempts(),
                a -> failed.containsKey(a.index()) ? Optional.empty() : generatedOrFallback.apply(a)), rejected);
        if (!failed.isEmpty()) {
            List<Face> stillMatching = checked.attempts().stream().filter(a -> failed.containsKey(a.index()))
                    .map(a -> a.face().face()).toList();
            composed = new FaceRedactor(fallback, new FaceExtractor(), compositor).redactAll(composed, stillMatching)
                    .image();
        }
        int count = inputs.toProcess().size();
        for (PhotoFaceGeneration.Attempt a : checked.attempts()) {
            Face face = a.face().face();
            Optional<IdentityAudit> audit = audit(auditor, inputs.inputOf(face), composed, face,
                    checked.tries().getOrDefault(a.index(), List.of()));
            if (failed.containsKey(a.index())) {
                LOG.warn("face {} of {} redacted: {}", a.index() + 1, count, failed.get(a.index()));
                outcomes.add(new FaceOutcome(a.index(), face, FaceOutcome.Action.REDACTED, failed.get(a.index()), audit,
                        Optional.empty()));
            } else if (a.generated().isPresent()) {
                outcomes.add(new FaceOutcome(a.index(), face, FaceOutcome.Action.ANONYMIZED, "", audit,
                        Optional.empty()));
            } else {
                LOG.warn("face {} of {} redacted instead of anonymized: {}", a.index() + 1, count, a.failure());
                outcomes.add(new FaceOutcome(a.index(), face, FaceOutcome.Action.REDACTED, a.failure(), audit,
                        Optional.empty()));
            }
        }
        for (PhotoFaceGeneration.Rejected r : pass.rejected()) {
            // No aligned crop covers these boxes: the redactor covered the square around each box.
            LOG.warn("face {} of {} redacted over its box: {}", outcomes.size() + 1, count, r.reason());
            outcomes.add(new FaceOutcome(outcomes.size(), r.face(), FaceOutcome.Action.REDACTED, r.reason(),
                    audit(auditor, inputs.inputOf(r.face()), composed, r.face(), List.of()), Optional.empty()));
        }
        return composed;
    }

    private RgbImage redactRejected(RgbImage composed, List<Face> rejected) {
        return rejected.isEmpty() ? composed : new FaceRedactor(fallback).redactAroundBoxes(composed, rejected);
    }

    private static Optional<IdentityAudit> audit(Optional<IdentityAuditor> auditor, IdentityAuditor.Input input,
            RgbImage output, Face face, List<IdentityTry> tries) {
        return auditor.map(a -> a.audit(input, output, face, tries));
    }

    /**
     * Anonymizes an aligned face crop, such as the 512×512 crops the official extractor makes
     * (face centred, eyes level, forehead included), with the identity check of {@link #anonymizeCrop}.
     *
     * @param face the aligned face; any ImageIO type (grey, alpha, 16-bit, indexed) is converted.
     *     A size other than the model's is resized to it (Lanczos) and the result resized back.
     * @return the anonymized face, same size as the input, {@code TYPE_3BYTE_BGR}; redacted if every generation
     *     still matched the input, the input itself if it matches the keep gallery ({@link #anonymizeCrop} says
     *     which)
     * @throws dev.faceanon.image.ImageTooLargeException if the image exceeds the pixel limit
     * @throws dev.faceanon.image.ImageTooSmallException if a side is below 8 pixels
     */
    public BufferedImage anonymizeAligned(BufferedImage face) {
        return anonymizeAligned(face, CallOptions.defaults());
    }

    /**
     * @param face the aligned face; see {@link #anonymizeAligned(BufferedImage)}
     * @param options progress, cancellation, noise
     * @return the anonymized face, same size as the input; see {@link #anonymizeAligned(BufferedImage)}
     * @throws CancelledException if cancelled
     * @throws dev.faceanon.image.ImageTooLargeException if the image exceeds the pixel limit
     * @throws dev.faceanon.image.ImageTooSmallException if a side is below 8 pixels
     */
    public BufferedImage anonymizeAligned(BufferedImage face, CallOptions options) {
        return models.generating("FaceAnonymizer.anonymizeAligned", options, o -> anonymizeCropOpen(face, o)).image();
    }

    /**
     * Anonymizes an aligned face crop and reports what was done. With a face recognizer, the output crop is
     * audited against the input crop (both described whole); with the fail-closed check a crop whose output still
     * matches is generated again with the next seed ({@link IdentityCheck}), and after the last try redacted with
     * the fallback redaction. A crop matching the keep gallery is returned as it came.
     *
     * <p>Seeds: the first try uses the config's seed (or a random one), each further try the next seed of its
     * SplitMix64 sequence; with caller-supplied noise every try draws from it in turn.
     *
     * @param face the aligned face; see {@link #anonymizeAligned(BufferedImage)}
     * @param options progress (each try's events carry its attempt number), cancellation, noise
     * @return the result, what was done and the audit
     * @throws CancelledException if cancelled, also during a further try
     * @throws dev.faceanon.image.ImageTooLargeException if the image exceeds the pixel limit
     * @throws dev.faceanon.image.ImageTooSmallException if a side is below 8 pixels
     */
    public AlignedAnonymization anonymizeCrop(BufferedImage face, CallOptions options) {
        return models.generating("FaceAnonymizer.anonymizeCrop", options, o -> anonymizeCropOpen(face, o));
    }

    private AlignedAnonymization anonymizeCropOpen(BufferedImage face, CallOptions options) {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(options, "options");
        RgbImage input = models.converter().toRgbImage(face);
        Optional<IdentityAuditor> auditor = models.auditor(identityCheck.threshold());
        Optional<IdentityAuditor.Input> described = auditor.map(a -> a.describeCrop(input));
        Optional<GalleryMatch> match = described.flatMap(IdentityAuditor.Input::descriptor).flatMap(gallery::match);
        if (match.isPresent()) {
            return new AlignedAnonymization(face, FaceOutcome.Action.KEPT, match.get().describe(), Optional.empty(),
                    match);
        }
        ModelFrame frame = ModelFrame.ofAlignedCrop(input, models.modelSize());
        RgbImage model = frame.toModel(input);
        OptionalLong seed = options.noise().isPresent() ? OptionalLong.empty()
                : OptionalLong.of(config.seed().isPresent() ? config.seed().getAsLong() : FaceModels.randomSeed());
        List<IdentityTry> tries = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            NoiseSource noise = seed.isPresent() ? new SeededNoiseSource(seed.getAsLong()) : options.noise().get();
            int number = attempt;
            RgbImage out = frame.toInput(models.generate(new GenerationRequest(GenerationMode.ANONYMIZE, model, model,
                    config, noise, e -> options.progress().onProgress(e.withAttempt(number)), options.cancellation(),
                    0)));
            if (described.isEmpty()) {
                return new AlignedAnonymization(BufferedImageConverter.toBufferedImage(out),
                        FaceOutcome.Action.ANONYMIZED, "", Optional.empty(), Optional.empty());
            }
            IdentityAuditor auditing = auditor.get();
            if (described.get().descriptor().isEmpty()) {
                // No identity the recognizer can compare: generated once, reported without a verdict.
                return new AlignedAnonymization(BufferedImageConverter.toBufferedImage(out),
                        FaceOutcome.Action.ANONYMIZED, "", Optional.of(auditing.auditCrop(described.get(), out,
                                List.of())), Optional.empty());
            }
            double distance = described.get().descriptor().get().distanceTo(auditing.recognizer().describeCrop(out));
            tries.add(new IdentityTry(attempt, seed, distance));
            if (distance >= identityCheck.threshold() || !identityCheck.failClosed()) {
                return new AlignedAnonymization(BufferedImageConverter.toBufferedImage(out),
                        FaceOutcome.Action.ANONYMIZED, "", Optional.of(IdentityAudit.measured(distance,
                                identityCheck.threshold(), tries)), Optional.empty());
            }
            if (attempt > identityCheck.retries()) {
                String reason = IdentityRetries.FAILED + IdentityRetries.stillMatched(tries, identityCheck.threshold());
                LOG.warn("aligned crop redacted: {}", reason);
                RgbImage redacted = frame.toInput(fallback.apply(AlignedFace.wholeCrop(frame.toModel(input))));
                return new AlignedAnonymization(BufferedImageConverter.toBufferedImage(redacted),
                        FaceOutcome.Action.REDACTED, reason,
                        Optional.of(auditing.auditCrop(described.get(), redacted, tries)), Optional.empty());
            }
            if (seed.isPresent()) {
                seed = OptionalLong.of(FaceSeeds.next(seed.getAsLong()));
            }
        }
    }
}
