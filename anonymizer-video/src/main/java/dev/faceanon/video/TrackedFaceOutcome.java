package dev.faceanon.video;

import dev.faceanon.video.track.TrackedFace;
import java.util.Objects;

/**
 * What was done to one tracked face in one frame.
 *
 * @param face the tracked face
 * @param action what was done
 * @param asked whether that is what the operation was asked to do; false for a fallback (a face
 *     redacted because it could not be anonymized, redacted over the square around its box because
 *     its landmarks do not fit it, or left unchanged because it could not be swapped)
 * @param reason why a fallback happened; empty otherwise. Never image content or personal data.
 */
public record TrackedFaceOutcome(TrackedFace face, Action action, boolean asked, String reason) {

    /** What was done to a face. */
    public enum Action {
        /** Replaced by a generated face of another identity over every pixel of its box. */
        ANONYMIZED,
        /** Given the identity of the swap's identity face over every pixel of its box. */
        SWAPPED,
        /** Blurred, pixelated or blacked out over every pixel of its box. */
        REDACTED,
        /** Left as it was (a swap that could not be done, or a box with no pixel in the frame). */
        UNCHANGED
    }

    /**
     * @param face see {@link #face()}
     * @param action see {@link #action()}
     * @param asked see {@link #asked()}
     * @param reason see {@link #reason()}
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a fallback has no reason or a face processed as asked has one
     */
    public TrackedFaceOutcome {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        if (asked != reason.isEmpty()) {
            throw new IllegalArgumentException(asked ? "a face processed as asked needs no reason"
                    : "a fallback needs the reason why");
        }
    }
}
