package dev.faceanon.video;

import dev.faceanon.CallOptions;
import dev.faceanon.CancelledException;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.SeededNoiseSource;
import dev.faceanon.video.track.TrackedFace;
import java.awt.image.BufferedImage;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The per-face loop of the generating operations ({@link AnonymizeFaces}, {@link SwapFaces}): one
 * call per tracked face, each with the noise of its track, so that a track keeps one generated
 * identity from frame to frame (the same seed, hence the same initial latents, in every frame).
 *
 * <p>Faces are generated largest first, each on the frame as the faces before it left it, so that
 * where squares overlap the smaller face, pasted last, stays whole.
 */
final class TrackGeneration {
    private static final SecureRandom SEEDS = new SecureRandom();

    /** One face generated into the frame. */
    @FunctionalInterface
    interface OneFace {
        /**
         * @param image the frame so far
         * @param face the face
         * @param options the track's noise, the run's cancellation and progress
         * @return the frame with the face done, and what was done
         */
        Done generate(BufferedImage image, TrackedFace face, CallOptions options);
    }

    /** What to do with a face whose generation threw. */
    @FunctionalInterface
    interface OnError {
        /**
         * @param image the frame so far
         * @param face the face
         * @param reason why it failed, for the report
         * @return the frame with the face handled, and what was done
         */
        Done handle(RgbImage image, TrackedFace face, String reason);
    }

    /**
     * @param image the frame after a face
     * @param outcome what was done to it
     */
    record Done(RgbImage image, TrackedFaceOutcome outcome) {}

    private final long baseSeed;
    private final BufferedImageConverter converter = new BufferedImageConverter();

    /**
     * @param config the generation settings: with a seed, the tracks' seeds derive from it (a run is
     *     reproducible); without, from a random one
     */
    TrackGeneration(DiffusionConfig config) {
        this.baseSeed = config.seed().isPresent() ? config.seed().getAsLong() : SEEDS.nextLong();
    }

    /**
     * @param base the seed the tracks' seeds derive from
     * @param trackId a track
     * @return the track's seed: SplitMix64's finaliser of {@code base + id·γ}, so that neighbouring
     *     ids get unrelated seeds
     */
    static long trackSeed(long base, int trackId) {
        long z = base + 0x9E3779B97F4A7C15L * trackId;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the seed of a track in this run */
    long trackSeed(int trackId) {
        return trackSeed(baseSeed, trackId);
    }

    FrameResult run(FrameWork work, OneFace one, OnError onError) {
        List<TrackedFace> order = new ArrayList<>(work.faces());
        order.sort(Comparator.comparingDouble((TrackedFace f) -> -f.face().box().area())
                .thenComparingInt(TrackedFace::trackId));
        RgbImage image = work.image();
        List<TrackedFaceOutcome> outcomes = new ArrayList<>(order.size());
        for (TrackedFace face : order) {
            work.cancellation().throwIfCancelled();
            CallOptions options = CallOptions.builder().noise(new SeededNoiseSource(trackSeed(face.trackId())))
                    .cancellation(work.cancellation()).progress(work.progress()).build();
            Done done;
            try {
                done = one.generate(BufferedImageConverter.toBufferedImage(image), face, options);
            } catch (CancelledException | IllegalStateException e) {
                // Cancelled, or models closed under the run: every later face would fail alike.
                throw e;
            } catch (RuntimeException e) {
                done = onError.handle(image, face, "generation failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            // A generation that notices cancellation fails closed and returns; the run stops here.
            work.cancellation().throwIfCancelled();
            image = done.image();
            outcomes.add(done.outcome());
        }
        return new FrameResult(image, outcomes);
    }

    /** @return the converter for generated frames (the default pixel limit, as the backend's) */
    BufferedImageConverter converter() {
        return converter;
    }
}
