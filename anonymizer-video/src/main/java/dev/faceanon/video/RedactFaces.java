package dev.faceanon.video;

import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.RedactedFace;
import dev.faceanon.redact.RedactedPhoto;
import dev.faceanon.redact.Redaction;
import dev.faceanon.video.track.TrackSource;
import dev.faceanon.video.track.TrackedFace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Redacts every tracked face (blur, pixelate, black) with a {@link FaceRedactor}: its aligned crop,
 * or the square around its box where its landmarks do not fit it. For a detected or interpolated
 * face that is a fallback, reported as for photos. For a predicted or backfilled face it is what is
 * asked: its box is deliberately larger than the face (the face may have moved), so the square
 * around the box is the region to hide. No model weights. Immutable and thread-safe.
 */
public final class RedactFaces implements FrameOperation {
    private final FaceRedactor redactor;

    /**
     * @param redaction the method
     */
    public RedactFaces(Redaction redaction) {
        this.redactor = new FaceRedactor(Objects.requireNonNull(redaction, "redaction"));
    }

    @Override
    public FrameResult apply(FrameWork work) {
        List<TrackedFace> faces = work.faces();
        RedactedPhoto r = redactor.redactAll(work.image(), faces.stream().map(TrackedFace::face).toList());
        List<TrackedFaceOutcome> outcomes = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            RedactedFace f = r.faces().get(i);
            boolean uncertain = faces.get(i).source() == TrackSource.PREDICTED
                    || faces.get(i).source() == TrackSource.BACKFILLED;
            boolean asked = f.area() == RedactedFace.Area.ALIGNED_CROP
                    || uncertain && f.area() == RedactedFace.Area.BOX_SQUARE;
            TrackedFaceOutcome.Action action = f.area() == RedactedFace.Area.NONE
                    ? TrackedFaceOutcome.Action.UNCHANGED : TrackedFaceOutcome.Action.REDACTED;
            outcomes.add(new TrackedFaceOutcome(faces.get(i), action, asked, asked ? "" : f.reason()));
        }
        return new FrameResult(r.image(), outcomes);
    }

    @Override
    public String toString() {
        return "RedactFaces[" + redactor + "]";
    }
}
