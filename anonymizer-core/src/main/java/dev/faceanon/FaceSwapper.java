package dev.faceanon;

import dev.faceanon.align.AlignedFace;
import dev.faceanon.align.DegenerateLandmarksException;
import dev.faceanon.align.FaceCompositor;
import dev.faceanon.align.FaceExtractor;
import dev.faceanon.align.LandmarkFit;
import dev.faceanon.align.PasteBack;
import dev.faceanon.align.PixelRect;
import dev.faceanon.face.Face;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.ModelFrame;
import dev.faceanon.image.RgbImage;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
 * <p>Every method throws {@link IllegalStateException} once its models are closed
 * ({@link FaceModels} describes a call racing with close).
 */
public final class FaceSwapper {
    private static final Logger LOG = LoggerFactory.getLogger(FaceSwapper.class);

    private final FaceModels models;
    private final DiffusionConfig config;
    private final FaceCompositor compositor;
    private final int minFaceSize;

    FaceSwapper(FaceModels models, DiffusionConfig config) {
        this(models, config, FaceCompositor.protecting(PasteBack.feathered()), FaceAnonymizer.DEFAULT_MIN_FACE_SIZE);
    }

    private FaceSwapper(FaceModels models, DiffusionConfig config, FaceCompositor compositor, int minFaceSize) {
        this.models = models;
        this.config = config;
        this.compositor = compositor;
        this.minFaceSize = minFaceSize;
    }

    /**
     * @param paste how generated crops are put back into a photo: {@link PasteBack#feathered()}
     *     (default, hides the seam) or {@link PasteBack#hard()} (the official hard paste of the square)
     * @return a copy using it, with the face-protecting compositor
     */
    public FaceSwapper withPaste(PasteBack paste) {
        models.requireOpen("FaceSwapper.withPaste");
        return new FaceSwapper(models, config, FaceCompositor.protecting(Objects.requireNonNull(paste, "paste")),
                minFaceSize);
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
        return new FaceSwapper(models, config, compositor, pixels);
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
        return new IdentityFace(models, face, aligned.crop());
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
        PhotoFaceGeneration generation = new PhotoFaceGeneration(models, config, compositor, minFaceSize);
        PhotoFaceGeneration.Pass pass = generation.generate(models.converter().toRgbImage(photo), faces,
                GenerationMode.SWAP, identity.alignedCrop(), options);
        if (pass.cancellation().isPresent()) {
            throw pass.cancellation().get();
        }
        int count = pass.attempts().size();
        List<SwapOutcome> outcomes = new ArrayList<>(faces.size());
        for (PhotoFaceGeneration.Attempt a : pass.attempts()) {
            if (a.generated().isPresent()) {
                outcomes.add(new SwapOutcome(a.index(), a.face().face(), SwapOutcome.Action.SWAPPED, ""));
            } else {
                LOG.warn("face {} of {} left unchanged: {}", a.index() + 1, count, a.failure());
                outcomes.add(new SwapOutcome(a.index(), a.face().face(), SwapOutcome.Action.UNCHANGED, a.failure()));
            }
        }
        for (PhotoFaceGeneration.Rejected r : pass.rejected()) {
            LOG.warn("face {} of {} left unchanged: {}", outcomes.size() + 1, faces.size(), r.reason());
            outcomes.add(new SwapOutcome(outcomes.size(), r.face(), SwapOutcome.Action.UNCHANGED, r.reason()));
        }
        RgbImage composed = generation.compose(pass, PhotoFaceGeneration.Attempt::generated);
        return new SwapResult(BufferedImageConverter.toBufferedImage(composed), outcomes);
    }

    /**
     * @param identity aligned face whose identity is used
     * @param target aligned face whose expression, pose and scene are kept
     * @return the swapped face, in the target's size, {@code TYPE_3BYTE_BGR}
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
     * @return the swapped face, in the target's size
     * @throws CancelledException if cancelled
     * @throws dev.faceanon.image.ImageTooLargeException if an image exceeds the pixel limit
     * @throws dev.faceanon.image.ImageTooSmallException if a side of either image is below 8 pixels
     */
    public BufferedImage swap(BufferedImage identity, BufferedImage target, CallOptions options) {
        return models.generating("FaceSwapper.swap", options, o -> swapOpen(identity, target, o));
    }

    private BufferedImage swapOpen(BufferedImage identity, BufferedImage target, CallOptions options) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        int size = models.modelSize();
        RgbImage targetInput = models.converter().toRgbImage(target);
        RgbImage identityInput = models.converter().toRgbImage(identity);
        // Each image is brought to the model size on its own, as the official pipeline does.
        ModelFrame frame = ModelFrame.ofAlignedCrop(targetInput, size);
        RgbImage identityModel = ModelFrame.ofAlignedCrop(identityInput, size).toModel(identityInput);
        RgbImage out = models.generate(new GenerationRequest(GenerationMode.SWAP, frame.toModel(targetInput),
                identityModel, config, FaceModels.noiseFor(config, options), options.progress(),
                options.cancellation(), 0));
        return BufferedImageConverter.toBufferedImage(frame.toInput(out));
    }
}
