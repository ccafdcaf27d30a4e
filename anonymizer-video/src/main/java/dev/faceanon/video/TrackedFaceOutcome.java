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
 * @param reason why a fallback happened, or the keep gallery entry a kept face matched; empty
 *     otherwise. Never image content; gallery entry names are the caller's.
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
        UNCHANGED,
        /**
         * Left as it was because it matches an entry of the keep gallery of the anonymizer or swapper
         * ({@link dev.faceanon.identity.KeepGallery}): what was asked.
         */
        KEPT
    }

    /**
     * @param face see {@link #face()}
     * @param action see {@link #action()}
     * @param asked see {@link #asked()}
     * @param reason see {@link #reason()}
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a fallback has no reason, a face processed as asked has one
     *     (except a kept face, whose reason is its gallery entry), or a kept face is reported as a fallback
     */
    public TrackedFaceOutcome {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        if (action == Action.KEPT && !asked) {
            throw new IllegalArgumentException("a kept face is what was asked, not a fallback");
        }
        if (!asked && reason.isEmpty() || asked && action != Action.KEPT && !reason.isEmpty()) {
            throw new IllegalArgumentException(asked ? "a face processed as asked needs no reason"
                    : "a fallback needs the reason why");
        }
    }
}
