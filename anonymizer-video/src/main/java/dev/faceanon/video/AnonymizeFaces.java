package dev.faceanon.video;

import dev.faceanon.AnonymizationResult;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.Redaction;
import java.util.List;
import java.util.Objects;

/**
 * Anonymizes every tracked face with a {@link FaceAnonymizer}, one identity per track: each
 * track's faces are generated with the same seed (the same initial noise) in every frame, from
 * landmarks smoothed over time. Fails closed per frame: a face that cannot be anonymized in a frame
 * (too small, landmarks that do not fit its box, an error during generation) is redacted in that
 * frame with the fallback redaction and reported. The anonymizer's identity check and keep gallery apply
 * to every face in every frame: a face the recognizer still takes for the person after its retries
 * is redacted in that frame, one that matches the keep gallery is left as it was there.
 *
 * <p>Immutable and thread-safe; the tracks' seeds derive from the anonymizer's seed, or from a
 * random one drawn when this object is made.
 */
public final class AnonymizeFaces implements FrameOperation {
    private final FaceAnonymizer anonymizer;
    private final FaceRedactor fallback;
    private final TrackGeneration generation;

    /**
     * @param anonymizer the anonymizer (its generation settings, paste and minimum face size)
     * @param fallback the redaction of a face that cannot be anonymized; {@link BlackOut} leaves
     *     nothing of it
     */
    public AnonymizeFaces(FaceAnonymizer anonymizer, Redaction fallback) {
        Objects.requireNonNull(fallback, "fallback");
        this.anonymizer = Objects.requireNonNull(anonymizer, "anonymizer").withFallback(fallback);
        this.fallback = new FaceRedactor(fallback);
        this.generation = new TrackGeneration(anonymizer.config());
    }

    /**
     * @param anonymizer the anonymizer
     * @return the operation, faces that cannot be anonymized blacked out
     */
    public static AnonymizeFaces of(FaceAnonymizer anonymizer) {
        return new AnonymizeFaces(anonymizer, new BlackOut());
    }

    /**
     * @param trackId a track
     * @return the seed its faces are generated with
     */
    public long trackSeed(int trackId) {
        return generation.trackSeed(trackId);
    }

    @Override
    public FrameResult apply(FrameWork work) {
        return generation.run(work, (image, face, options) -> {
            AnonymizationResult r = anonymizer.anonymize(image, List.of(face.face()), options);
            dev.faceanon.FaceOutcome o = r.faces().get(0);
            TrackedFaceOutcome outcome = switch (o.action()) {
                case ANONYMIZED -> new TrackedFaceOutcome(face, TrackedFaceOutcome.Action.ANONYMIZED, true, "");
                case KEPT -> new TrackedFaceOutcome(face, TrackedFaceOutcome.Action.KEPT, true, o.reason());
                case REDACTED -> new TrackedFaceOutcome(face, TrackedFaceOutcome.Action.REDACTED, false, o.reason());
            };
            return new TrackGeneration.Done(generation.converter().toRgbImage(r.image()), outcome);
        }, (image, face, reason) -> new TrackGeneration.Done(fallback.redact(image, List.of(face.face())),
                new TrackedFaceOutcome(face, TrackedFaceOutcome.Action.REDACTED, false, reason)));
    }

    @Override
    public String toString() {
        return "AnonymizeFaces[" + anonymizer.config() + "]";
    }
}
