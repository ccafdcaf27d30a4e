package dev.faceanon.video;

import dev.faceanon.FaceSwapper;
import dev.faceanon.IdentityFace;
import dev.faceanon.SwapOutcome;
import dev.faceanon.SwapResult;
import java.util.List;
import java.util.Objects;

/**
 * Swaps one identity into every tracked face with a {@link FaceSwapper}, each track with its own
 * fixed seed (the same initial noise in every frame) and landmarks smoothed over time. As for
 * photos, a face that cannot be swapped in a frame is left as it was there and reported: swapping
 * is not a privacy measure.
 *
 * <p>Immutable and thread-safe.
 */
public final class SwapFaces implements FrameOperation {
    private final FaceSwapper swapper;
    private final IdentityFace identity;
    private final TrackGeneration generation;

    /**
     * @param swapper the swapper
     * @param identity the identity put into every face, from the swapper's {@code identityOf}
     */
    public SwapFaces(FaceSwapper swapper, IdentityFace identity) {
        this.swapper = Objects.requireNonNull(swapper, "swapper");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.generation = new TrackGeneration(swapper.config());
    }

    @Override
    public FrameResult apply(FrameWork work) {
        return generation.run(work, (image, face, options) -> {
            SwapResult r = swapper.swap(identity, image, List.of(face.face()), options);
            SwapOutcome o = r.faces().get(0);
            TrackedFaceOutcome outcome = switch (o.action()) {
                case SWAPPED -> new TrackedFaceOutcome(face, TrackedFaceOutcome.Action.SWAPPED, true, "");
                case KEPT -> new TrackedFaceOutcome(face, TrackedFaceOutcome.Action.KEPT, true, o.reason());
                case UNCHANGED -> new TrackedFaceOutcome(face, TrackedFaceOutcome.Action.UNCHANGED, false,
                        o.reason());
            };
            return new TrackGeneration.Done(generation.converter().toRgbImage(r.image()), outcome);
        }, (image, face, reason) -> new TrackGeneration.Done(image,
                new TrackedFaceOutcome(face, TrackedFaceOutcome.Action.UNCHANGED, false, reason)));
    }

    @Override
    public String toString() {
        return "SwapFaces[" + swapper.config() + "]";
    }
}
