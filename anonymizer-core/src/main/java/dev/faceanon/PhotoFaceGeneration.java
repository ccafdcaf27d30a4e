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
     * One face that could be aligned, in paste order.
     *
     * @param index position in paste order: the face index of progress events and of the noise
     * @param face the aligned face, cut from the original photo
     * @param generated the generated crop; empty if generation was not possible
     * @param failure why not, when {@code generated} is empty; empty otherwise
     */
    record Attempt(int index, AlignedFace face, Optional<RgbImage> generated, String failure) {}

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
            String reason = null;
            RgbImage result = null;
            if (cancellation != null) {
                reason = "cancelled before this face was generated";
            } else if (face.squareSide() < minFaceSize) {
                reason = String.format(Locale.ROOT, "too small: crop square of %.1f px, below the minimum of %d",
                        face.squareSide(), minFaceSize);
            } else {
                RgbImage identity = swapIdentity == null ? face.crop() : swapIdentity;
                try {
                    result = models.generate(new GenerationRequest(mode, face.crop(), identity, config,
                            noiseFor(options, k), options.progress(), options.cancellation(), k));
                } catch (CancelledException e) {
                    cancellation = e;
                    reason = "cancelled during generation";
                } catch (RuntimeException e) {
                    reason = "generation failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage());
                }
            }
            attempts.add(new Attempt(k, face, Optional.ofNullable(result), reason == null ? "" : reason));
        }
        return new Pass(photo, List.copyOf(attempts), List.copyOf(rejected), Optional.ofNullable(cancellation));
    }

    /**
     * @param pass a pass of this generation
     * @param replacement what to paste for each attempt; empty leaves that face's square out of the
     *     composition
     * @return the original photo with every replacement pasted by the compositor
     */
    RgbImage compose(Pass pass, Function<Attempt, Optional<RgbImage>> replacement) {
        List<AlignedFace> pasted = new ArrayList<>(pass.attempts().size());
        List<RgbImage> crops = new ArrayList<>(pass.attempts().size());
        for (Attempt a : pass.attempts()) {
            Optional<RgbImage> crop = replacement.apply(a);
            if (crop.isPresent()) {
                pasted.add(a.face());
                crops.add(crop.get());
            }
        }
        return pasted.isEmpty() ? pass.photo() : compositor.compose(pass.photo(), pasted, crops);
    }

    /** One noise stream per face: the same seed gives the same result for the same face position. */
    private NoiseSource noiseFor(CallOptions options, int faceIndex) {
        if (options.noise().isPresent()) {
            return options.noise().get();
        }
        if (config.seed().isPresent()) {
            // SplitMix64's finaliser decorrelates seed + index.
            long z = config.seed().getAsLong() + 0x9E3779B97F4A7C15L * (faceIndex + 1);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return new SeededNoiseSource(z ^ (z >>> 31));
        }
        return FaceModels.noiseFor(config, options);
    }
}
