package dev.faceanon;

import dev.faceanon.align.AlignedFace;
import dev.faceanon.align.DegenerateLandmarksException;
import dev.faceanon.align.FaceCompositor;
import dev.faceanon.align.FaceExtractor;
import dev.faceanon.align.LandmarkFit;
import dev.faceanon.align.PasteBack;
import dev.faceanon.align.PixelRect;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAuditor;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.ModelFrame;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.SeededNoiseSource;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the identity of one face into another: the result shows the identity face with the target's
 * expression, head pose, gaze, hair and background. Created by
 * {@link FaceModels#swapper(DiffusionConfig)}; immutable and safe to use from many threads at once.
 *
 * <p>In photos, the identity is taken once from an identity photo and then put into every face of
 * any number of target photos:
 *
 * <pre>{@code
 * FaceSwapper swapper = models.swapper();
 * IdentityFace identity = swapper.identityOf(ImageIO.read(identityFile));
 * SwapResult result = swapper.swap(identity, ImageIO.read(targetFile));
 * ImageIO.write(result.image(), "png", outFile);
 * }</pre>
 *
 * <p>Aligned face crops (such as the official 512×512 crops) are swapped directly with
 * {@link #swap(BufferedImage, BufferedImage)}.
 *
 * <p>When the models have a face recognizer ({@link ModelOptions#identityAudit()}, the default), every swapped
 * face is audited: its distance to the target's original face (the verdict: does the recognizer still take it for
 * the person who was in the photo?) and to the identity face (does it take it for the identity person?). A swap is
 * not a privacy operation, so it does not fail closed: a face that still matches its target is reported, not
 * redacted. Faces matching a keep gallery ({@link #keeping(KeepGallery)}) are left as they are.
 *
 * <p>Every method throws {@link IllegalStateException} once its models are closed
 * ({@link FaceModels} describes a call racing with close).
 */
public final class FaceSwapper {
    private static final Logger LOG = LoggerFactory.getLogger(FaceSwapper.class);

    private final FaceModels models;
    private final DiffusionConfig config;
    private final FaceCompositor compositor;
    private final int minFaceSize;
    private final double identityThreshold;
    private final KeepGallery gallery;

    FaceSwapper(FaceModels models, DiffusionConfig config) {
        this(models, config, FaceCompositor.protecting(PasteBack.feathered()), FaceAnonymizer.DEFAULT_MIN_FACE_SIZE,
                FaceRecognizer.DEFAULT_MATCH_THRESHOLD, KeepGallery.empty());
    }

    private FaceSwapper(FaceModels models, DiffusionConfig config, FaceCompositor compositor, int minFaceSize,
            double identityThreshold, KeepGallery gallery) {
        this.models = models;
        this.config = config;
        this.compositor = compositor;
        this.minFaceSize = minFaceSize;
        this.identityThreshold = identityThreshold;
        this.gallery = gallery;
    }

    /**
     * @param paste how generated crops are put back into a photo: {@link PasteBack#feathered()}
     *     (default, hides the seam) or {@link PasteBack#hard()} (the official hard paste of the square)
     * @return a copy using it, with the face-protecting compositor
     */
    public FaceSwapper withPaste(PasteBack paste) {
        models.requireOpen("FaceSwapper.withPaste");
        return new FaceSwapper(models, config, FaceCompositor.protecting(Objects.requireNonNull(paste, "paste")),
                minFaceSize, identityThreshold, gallery);
    }

    /**
     * @param pixels smallest side of a face's crop square in a photo that is used (≥ 1, default
     *     {@value FaceAnonymizer#DEFAULT_MIN_FACE_SIZE}), since landmarks of tiny faces are
     *     unreliable: smaller target faces are left unchanged, a smaller identity face is refused
     * @return a copy using it
     */
    public FaceSwapper withMinimumFaceSize(int pixels) {
        models.requireOpen("FaceSwapper.withMinimumFaceSize");
        if (pixels < 1) {
            throw new IllegalArgumentException("minimum face size must be >= 1, got " + pixels);
        }
        return new FaceSwapper(models, config, compositor, pixels, identityThreshold, gallery);
    }

    /**
     * @param threshold the match threshold of the swap audits (default
     *     {@link FaceRecognizer#DEFAULT_MATCH_THRESHOLD}), positive
     * @return a copy using it
     * @throws IllegalArgumentException unless the threshold is finite and positive
     * @throws IllegalStateException if the models have no face recognizer
     */
    public FaceSwapper withIdentityThreshold(double threshold) {
        models.requireOpen("FaceSwapper.withIdentityThreshold");
        if (!(threshold > 0 && Double.isFinite(threshold))) {
            throw new IllegalArgumentException("the identity threshold must be a positive number, got " + threshold);
        }
        models.requireRecognizer("an identity threshold");
        return new FaceSwapper(models, config, compositor, minFaceSize, threshold, gallery);
    }

    /**
     * @param keep the faces to leave as they are; every other face is swapped. {@link KeepGallery#empty()} (the
     *     default) keeps none.
     * @return a copy using it
     * @throws IllegalStateException if the models have no face recognizer and the gallery is not empty
     */
    public FaceSwapper keeping(KeepGallery keep) {
        models.requireOpen("FaceSwapper.keeping");
        Objects.requireNonNull(keep, "keep");
        if (!keep.isEmpty()) {
            models.requireRecognizer("a keep gallery");
        }
        return new FaceSwapper(models, config, compositor, minFaceSize, identityThreshold, keep);
    }

    /** @return the generation settings (the anonymization degree does not apply) */
    public DiffusionConfig config() {
        models.requireOpen("FaceSwapper.config");
        return config;
    }

    /**
     * Takes the identity from the largest face (by detection box area) that the models' face
     * detector finds in a photo.
     *
     * @param photo a photo of the identity, any ImageIO type
     * @return the identity, aligned as the official pipeline aligns faces
     * @throws NoFaceFoundException if the photo shows no face, or its largest face is too small or
     *     cannot be aligned
     * @throws UnsupportedOperationException if the models have no face detector (then use
     *     {@link #identityOf(BufferedImage, Face)})
     */
    public IdentityFace identityOf(BufferedImage photo) {
        return models.whileOpen("FaceSwapper.identityOf", () -> identityOfDetected(photo));
    }

    private IdentityFace identityOfDetected(BufferedImage photo) {
        Objects.requireNonNull(photo, "photo");
        List<Face> found = models.detector().detect(photo);
        Face largest = found.stream().max(Comparator.comparingDouble(f -> f.box().area()))
                .orElseThrow(() -> new NoFaceFoundException("no face found in the identity photo: use a photo in"
                        + " which the face is clearly visible, frontal and at least " + minFaceSize
                        + " pixels across, or pass the face to identityOf(photo, face)"));
        return identity(photo, largest, "the largest face found in the identity photo");
    }

    /**
     * Takes the identity from a given face of a photo: for applications that bring their own
     * detections, or to choose another face than the largest.
     *
     * @param photo a photo of the identity, any ImageIO type
     * @param face the face in it, with landmarks in photo coordinates
     * @return the identity, aligned as the official pipeline aligns faces
     * @throws NoFaceFoundException if the face is too small, its box lies outside the photo, or its
     *     landmarks cannot be aligned or do not fit its box ({@link dev.faceanon.align.LandmarkFit})
     */
    public IdentityFace identityOf(BufferedImage photo, Face face) {
        models.requireOpen("FaceSwapper.identityOf");
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(face, "face");
        return identity(photo, face, "the given identity face");
    }

    private IdentityFace identity(BufferedImage photo, Face face, String which) {
        RgbImage image = models.converter().toRgbImage(photo);
        if (PixelRect.ofBox(face.box(), image.width(), image.height()).isEmpty()) {
            throw new NoFaceFoundException(which + " cannot be used: "
                    + LandmarkFit.boxOutsidePhoto(image.width(), image.height()));
        }
        AlignedFace aligned;
        try {
            // Checked as if pasted hard: the crop must show the whole box the face claims.
            aligned = new FaceExtractor(models.modelSize()).extractFitting(image, face, PasteBack.hard());
        } catch (DegenerateLandmarksException e) {
            throw new NoFaceFoundException(which + " cannot be used: its landmarks cannot be aligned ("
                    + e.getMessage() + "); use another photo of the identity", e);
        }
        if (aligned.squareSide() < minFaceSize) {
            throw new NoFaceFoundException(String.format(Locale.ROOT, "%s is too small: crop square of %.1f px,"
                    + " below the minimum of %d; use a photo in which the face is larger", which,
                    aligned.squareSide(), minFaceSize));
        }
        IdentityAuditor.Input described = models.auditor(identityThreshold).map(a -> a.describe(image, face))
                .orElse(InputFaces.NOT_AUDITED);
        return new IdentityFace(models, face, aligned.crop(), described);
    }

    /**
     * Swaps the identity into every face of a photo, found with the models' face detector.
     *
     * @param identity the identity, from {@link #identityOf(BufferedImage)}
     * @param photo the target photo, any ImageIO type
     * @return the photo with every face swapped (or, failing that, left as it was) and a report per
     *     face; a photo without faces comes back unchanged, with an empty report
     * @throws CancelledException if cancelled
     */
    public SwapResult swap(IdentityFace identity, BufferedImage photo) {
        return swap(identity, photo, CallOptions.defaults());
    }

    /**
     * @param identity the identity, from {@link #identityOf(BufferedImage)}
     * @param photo the target photo, any ImageIO type
     * @param options progress (with the face index), cancellation, noise
     * @return see {@link #swap(IdentityFace, BufferedImage)}
     * @throws CancelledException if cancelled
     */
    public SwapResult swap(IdentityFace identity, BufferedImage photo, CallOptions options) {
        return models.whileOpen("FaceSwapper.swap", () -> {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(photo, "photo");
            return swap(identity, photo, models.detector().detect(photo), options);
        });
    }

    /**
     * Swaps the identity into the given faces of a photo: for applications that bring their own
     * detections.
     *
     * @param identity the identity, from {@link #identityOf(BufferedImage)}
     * @param photo the target photo, any ImageIO type
     * @param faces faces with 68-point (or 5-point) landmarks in photo coordinates
     * @return see {@link #swap(IdentityFace, BufferedImage)}
     * @throws CancelledException if cancelled
     */
    public SwapResult swap(IdentityFace identity, BufferedImage photo, List<Face> faces) {
        return swap(identity, photo, faces, CallOptions.defaults());
    }

    /**
     * Swaps the identity into the given faces of a photo. Each face's aligned crop (the official
     * alignment, as for anonymization) is generated in {@link GenerationMode#SWAP} with the
     * identity's crop and pasted back as {@link FaceAnonymizer} pastes anonymized faces: in
     * ascending order of crop size, each crop cut from the original photo, no crop overwriting the
     * face of one pasted before it. With a seed in the config, each face gets the same noise it
     * would get from {@link FaceAnonymizer} at the same position.
     *
     * <p>A face reported as swapped is swapped over every pixel of its box. A face that cannot be
     * swapped (too small, landmarks that cannot be aligned or do not fit its box as
     * {@link dev.faceanon.align.LandmarkFit} defines, a box outside the photo, an error during
     * generation) is left as it was and reported with the reason. Only where the square of a
     * swapped neighbour reaches over it does it change: there it shows that neighbour's generated
     * crop, which reproduces its surroundings from the original photo.
     *
     * @param identity the identity, from {@link #identityOf(BufferedImage)} of this swapper's models
     * @param photo the target photo, any ImageIO type
     * @param faces faces with landmarks in photo coordinates
     * @param options progress (with the face index), cancellation, noise
     * @return the result and one outcome per face, in processing order
     * @throws CancelledException if cancelled; no partial result is returned
     * @throws IllegalArgumentException if the identity was aligned for models of another size
     */
    public SwapResult swap(IdentityFace identity, BufferedImage photo, List<Face> faces, CallOptions options) {
        return models.generating("FaceSwapper.swap", options, o -> swapOpen(identity, photo, faces, o));
    }

    private SwapResult swapOpen(IdentityFace identity, BufferedImage photo, List<Face> faces, CallOptions options) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(faces, "faces");
        Objects.requireNonNull(options, "options");
        if (identity.cropSize() != models.modelSize()) {
            throw new IllegalArgumentException("the identity was aligned at " + identity.cropSize()
                    + " px but these models generate at " + models.modelSize()
                    + " px: create it with identityOf of a swapper of these models");
        }
        if (faces.isEmpty()) {
            return new SwapResult(photo, List.of());
        }
        RgbImage original = models.converter().toRgbImage(photo);
        Optional<IdentityAuditor> auditor = models.auditor(identityThreshold);
        InputFaces inputs = InputFaces.of(auditor, gallery, original, faces);
        List<SwapOutcome> outcomes = new ArrayList<>(faces.size());
        RgbImage composed = original;
        if (!inputs.toProcess().isEmpty()) {
            PhotoFaceGeneration generation = new PhotoFaceGeneration(models, config, compositor, minFaceSize);
            PhotoFaceGeneration.Pass pass = generation.generate(original, inputs.toProcess(), GenerationMode.SWAP,
                    identity.alignedCrop(), options);
            if (pass.cancellation().isPresent()) {
                throw pass.cancellation().get();
            }
            composed = generation.compose(original, pass.attempts(), PhotoFaceGeneration.Attempt::generated);
            int count = inputs.toProcess().size();
            for (PhotoFaceGeneration.Attempt a : pass.attempts()) {
                Face face = a.face().face();
                if (a.generated().isPresent()) {
                    RgbImage output = composed;
                    outcomes.add(new SwapOutcome(a.index(), face, SwapOutcome.Action.SWAPPED, "",
                            auditor.map(x -> x.auditSwap(inputs.inputOf(face), identity.described(),
                                    x.describeOutput(output, face), a.tryNumber(), a.seed())), Optional.empty()));
                } else {
                    LOG.warn("face {} of {} left unchanged: {}", a.index() + 1, count, a.failure());
                    outcomes.add(new SwapOutcome(a.index(), face, SwapOutcome.Action.UNCHANGED, a.failure()));
                }
            }
            for (PhotoFaceGeneration.Rejected r : pass.rejected()) {
                LOG.warn("face {} of {} left unchanged: {}", outcomes.size() + 1, count, r.reason());
                outcomes.add(new SwapOutcome(outcomes.size(), r.face(), SwapOutcome.Action.UNCHANGED, r.reason()));
            }
        }
        for (int i = 0; i < inputs.kept().size(); i++) {
            outcomes.add(SwapOutcome.kept(outcomes.size(), inputs.kept().get(i), inputs.matches().get(i)));
        }
        if (inputs.toProcess().isEmpty()) {
            // Every face kept: the photo as it came.
            return new SwapResult(photo, outcomes);
        }
        return new SwapResult(BufferedImageConverter.toBufferedImage(composed), outcomes);
    }

    /**
     * @param identity aligned face whose identity is used
     * @param target aligned face whose expression, pose and scene are kept
     * @return the swapped face, in the target's size, {@code TYPE_3BYTE_BGR}; the target itself if it matches the
     *     keep gallery
     * @throws dev.faceanon.image.ImageTooLargeException if an image exceeds the pixel limit
     * @throws dev.faceanon.image.ImageTooSmallException if a side of either image is below 8 pixels
     */
    public BufferedImage swap(BufferedImage identity, BufferedImage target) {
        return swap(identity, target, CallOptions.defaults());
    }

    /**
     * @param identity aligned face whose identity is used; any ImageIO type and size
     * @param target aligned face whose expression, pose and scene are kept; any ImageIO type and size
     * @param options progress, cancellation, noise
     * @return the swapped face, in the target's size; see {@link #swap(BufferedImage, BufferedImage)}
     * @throws CancelledException if cancelled
     * @throws dev.faceanon.image.ImageTooLargeException if an image exceeds the pixel limit
     * @throws dev.faceanon.image.ImageTooSmallException if a side of either image is below 8 pixels
     */
    public BufferedImage swap(BufferedImage identity, BufferedImage target, CallOptions options) {
        return models.generating("FaceSwapper.swap", options, o -> swapCropOpen(identity, target, o)).image();
    }

    /**
     * Swaps aligned crops and reports what was done: with a face recognizer, the output crop's distance to the
     * target crop (the verdict) and to the identity crop, each described whole. A target matching the keep
     * gallery is returned as it came.
     *
     * @param identity aligned face whose identity is used; any ImageIO type and size
     * @param target aligned face whose expression, pose and scene are kept; any ImageIO type and size
     * @param options progress, cancellation, noise
     * @return the result, what was done and the audit
     * @throws CancelledException if cancelled
     * @throws dev.faceanon.image.ImageTooLargeException if an image exceeds the pixel limit
     * @throws dev.faceanon.image.ImageTooSmallException if a side of either image is below 8 pixels
     */
    public AlignedSwap swapCrop(BufferedImage identity, BufferedImage target, CallOptions options) {
        return models.generating("FaceSwapper.swapCrop", options, o -> swapCropOpen(identity, target, o));
    }

    private AlignedSwap swapCropOpen(BufferedImage identity, BufferedImage target, CallOptions options) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        int size = models.modelSize();
        RgbImage targetInput = models.converter().toRgbImage(target);
        RgbImage identityInput = models.converter().toRgbImage(identity);
        Optional<IdentityAuditor> auditor = models.auditor(identityThreshold);
        Optional<IdentityAuditor.Input> described = auditor.map(a -> a.describeCrop(targetInput));
        Optional<GalleryMatch> match = described.flatMap(IdentityAuditor.Input::descriptor).flatMap(gallery::match);
        if (match.isPresent()) {
            return new AlignedSwap(target, SwapOutcome.Action.KEPT, match.get().describe(), Optional.empty(), match);
        }
        // Each image is brought to the model size on its own, as the official pipeline does.
        ModelFrame frame = ModelFrame.ofAlignedCrop(targetInput, size);
        RgbImage identityModel = ModelFrame.ofAlignedCrop(identityInput, size).toModel(identityInput);
        OptionalLong seed = options.noise().isPresent() ? OptionalLong.empty()
                : OptionalLong.of(config.seed().isPresent() ? config.seed().getAsLong() : FaceModels.randomSeed());
        RgbImage out = frame.toInput(models.generate(new GenerationRequest(GenerationMode.SWAP,
                frame.toModel(targetInput), identityModel, config,
                seed.isPresent() ? new SeededNoiseSource(seed.getAsLong()) : options.noise().get(),
                options.progress(), options.cancellation(), 0)));
        return new AlignedSwap(BufferedImageConverter.toBufferedImage(out), SwapOutcome.Action.SWAPPED, "",
                auditor.map(a -> a.auditSwap(described.get(), a.describeCrop(identityInput),
                        Optional.of(a.recognizer().describeCrop(out)), 1, seed)), Optional.empty());
    }
}
