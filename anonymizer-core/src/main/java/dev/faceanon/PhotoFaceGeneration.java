package dev.faceanon;

import dev.faceanon.align.AlignedFace;
import dev.faceanon.align.DegenerateLandmarksException;
import dev.faceanon.align.FaceCompositor;
import dev.faceanon.align.FaceExtractor;
import dev.faceanon.align.LandmarkFit;
import dev.faceanon.align.PixelRect;
import dev.faceanon.face.Face;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.NoiseSource;
import dev.faceanon.noise.SeededNoiseSource;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The per-face part of a whole-photo call, shared by {@link FaceAnonymizer} and
 * {@link FaceSwapper}: align every face, generate each aligned crop that is large enough in the
 * compositor's paste order with its own noise, and paste the results back. What happens to a face
 * that could not be generated is the caller's decision (redact it, or leave it as it was), so a
 * failure or a cancellation ends in a report, never in an exception. Immutable and thread-safe.
 *
 * <p>A face is only generated if its landmarks fit its box ({@link LandmarkFit}): then the pasted
 * crop covers every pixel of the box the caller reports. Any other face, however absurd its
 * geometry, is {@link Rejected} with the reason; its box is what the caller must cover instead.
 */
final class PhotoFaceGeneration {

    /** How the reason for a face whose landmarks do not define an alignment, or do not fit its box, begins. */
    static final String UNALIGNABLE = "landmarks cannot be aligned: ";

    private final FaceModels models;
    private final DiffusionConfig config;
    private final FaceCompositor compositor;
    private final int minFaceSize;

    /**
     * @param minFaceSize smallest crop square, in photo pixels, that is generated (checked by the
     *     public callers)
     */
    PhotoFaceGeneration(FaceModels models, DiffusionConfig config, FaceCompositor compositor, int minFaceSize) {
        this.models = Objects.requireNonNull(models, "models");
        this.config = Objects.requireNonNull(config, "config");
        this.compositor = Objects.requireNonNull(compositor, "compositor");
        this.minFaceSize = minFaceSize;
    }

    /**
     * One face that could be aligned, in paste order, and its latest generation.
     *
     * @param index position in paste order: the face index of progress events and of the noise
     * @param face the aligned face, cut from the original photo
     * @param generated the generated crop; empty if generation was not possible
     * @param failure why not, when {@code generated} is empty; empty otherwise
     * @param tryNumber which generation of the face this is (1 for the first); 0 if none was attempted
     * @param seed the seed of that generation; empty if none was attempted or the caller supplied the noise
     */
    record Attempt(int index, AlignedFace face, Optional<RgbImage> generated, String failure, int tryNumber,
            OptionalLong seed) {}

    /**
     * A face that was not aligned.
     *
     * @param face the face as given
     * @param reason why: its box lies outside the photo, or its landmarks cannot be aligned or do not
     *     fit its box
     */
    record Rejected(Face face, String reason) {}

    /**
     * The outcome of {@link #generate}.
     *
     * @param photo the original photo every crop was cut from
     * @param attempts every alignable face, in paste order
     * @param rejected the faces that were not aligned, in input order
     * @param cancellation the cancellation that stopped generation, if any
     */
    record Pass(RgbImage photo, List<Attempt> attempts, List<Rejected> rejected,
            Optional<CancelledException> cancellation) {}

    /**
     * Aligns and generates every face. After a cancellation no further face is generated; every
     * face not generated has a failure reason.
     *
     * @param photo the original photo
     * @param faces faces with landmarks in photo coordinates
     * @param mode {@link GenerationMode#ANONYMIZE} (each crop is its own identity) or
     *     {@link GenerationMode#SWAP}
     * @param swapIdentity the identity crop at model size for a swap; null for an anonymization
     * @param options progress, cancellation, noise
     */
    Pass generate(RgbImage photo, List<Face> faces, GenerationMode mode, RgbImage swapIdentity, CallOptions options) {
        if ((mode == GenerationMode.SWAP) != (swapIdentity != null)) {
            throw new IllegalArgumentException("a swap needs an identity crop, an anonymization none");
        }
        FaceExtractor extractor = new FaceExtractor(models.modelSize());
        List<AlignedFace> aligned = new ArrayList<>(faces.size());
        List<Rejected> rejected = new ArrayList<>();
        for (Face f : faces) {
            if (PixelRect.ofBox(f.box(), photo.width(), photo.height()).isEmpty()) {
                rejected.add(new Rejected(f, LandmarkFit.boxOutsidePhoto(photo.width(), photo.height())));
                continue;
            }
            try {
                aligned.add(extractor.extractFitting(photo, f, compositor.paste()));
            } catch (DegenerateLandmarksException e) {
                rejected.add(new Rejected(f, UNALIGNABLE + e.getMessage()));
            }
        }
        List<Integer> order = compositor.pasteOrder(aligned);
        List<Attempt> attempts = new ArrayList<>(order.size());
        CancelledException cancellation = null;
        for (int k = 0; k < order.size(); k++) {
            AlignedFace face = aligned.get(order.get(k));
            if (cancellation != null) {
                attempts.add(notGenerated(k, face, "cancelled before this face was generated"));
            } else if (face.squareSide() < minFaceSize) {
                attempts.add(notGenerated(k, face, String.format(Locale.ROOT,
                        "too small: crop square of %.1f px, below the minimum of %d", face.squareSide(), minFaceSize)));
            } else {
                OptionalLong seed = options.noise().isPresent() ? OptionalLong.empty()
                        : OptionalLong.of(config.seed().isPresent() ? FaceSeeds.ofFace(config.seed().getAsLong(), k)
                                : FaceModels.randomSeed());
                try {
                    attempts.add(generateTry(k, face, mode, swapIdentity, 1, seed, options));
                } catch (CancelledException e) {
                    cancellation = e;
                    attempts.add(new Attempt(k, face, Optional.empty(), "cancelled during generation", 1, seed));
                }
            }
        }
        return new Pass(photo, List.copyOf(attempts), List.copyOf(rejected), Optional.ofNullable(cancellation));
    }

    /**
     * Generates an anonymized face again, with the next seed of its sequence ({@link FaceSeeds}) or the next draws
     * of the caller's noise; its progress events carry the new try number.
     *
     * @param previous the face's latest attempt, which generated a crop
     * @param options the call's options
     * @return the new attempt: a generated crop, or the failure
     * @throws CancelledException if cancelled during the generation
     */
    Attempt regenerate(Attempt previous, CallOptions options) {
        if (previous.tryNumber() < 1) {
            throw new IllegalArgumentException("face " + previous.index() + " was never generated");
        }
        OptionalLong seed = previous.seed().isPresent() ? OptionalLong.of(FaceSeeds.next(previous.seed().getAsLong()))
                : OptionalLong.empty();
        return generateTry(previous.index(), previous.face(), GenerationMode.ANONYMIZE, null,
                previous.tryNumber() + 1, seed, options);
    }

    /**
     * One generation of a face; a failure other than cancellation becomes the attempt's reason.
     *
     * @throws CancelledException if cancelled
     */
    private Attempt generateTry(int k, AlignedFace face, GenerationMode mode, RgbImage swapIdentity, int tryNumber,
            OptionalLong seed, CallOptions options) {
        RgbImage identity = swapIdentity == null ? face.crop() : swapIdentity;
        NoiseSource noise = seed.isPresent() ? new SeededNoiseSource(seed.getAsLong()) : options.noise().orElseThrow();
        ProgressListener progress = tryNumber == 1 ? options.progress()
                : event -> options.progress().onProgress(event.withAttempt(tryNumber));
        try {
            RgbImage result = models.generate(new GenerationRequest(mode, face.crop(), identity, config, noise,
                    progress, options.cancellation(), k));
            return new Attempt(k, face, Optional.of(result), "", tryNumber, seed);
        } catch (CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            String reason = "generation failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Attempt(k, face, Optional.empty(), reason, tryNumber, seed);
        }
    }

    private static Attempt notGenerated(int k, AlignedFace face, String reason) {
        return new Attempt(k, face, Optional.empty(), reason, 0, OptionalLong.empty());
    }

    /**
     * @param photo the original photo every crop was cut from
     * @param attempts the attempts to compose
     * @param replacement what to paste for each attempt; empty leaves that face's square out of the
     *     composition
     * @return the original photo with every replacement pasted by the compositor
     */
    RgbImage compose(RgbImage photo, List<Attempt> attempts, Function<Attempt, Optional<RgbImage>> replacement) {
        List<AlignedFace> pasted = new ArrayList<>(attempts.size());
        List<RgbImage> crops = new ArrayList<>(attempts.size());
        for (Attempt a : attempts) {
            Optional<RgbImage> crop = replacement.apply(a);
            if (crop.isPresent()) {
                pasted.add(a.face());
                crops.add(crop.get());
            }
        }
        return pasted.isEmpty() ? photo : compositor.compose(photo, pasted, crops);
    }
}
