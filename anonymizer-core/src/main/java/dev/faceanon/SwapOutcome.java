package dev.faceanon;

import dev.faceanon.face.Face;
import java.util.Objects;

/**
 * What was done to one face of a target photo by a face swap, and why.
 *
 * @param index the face's position in processing order
 * @param face the face as detected (or as supplied by the caller)
 * @param action what was done
 * @param reason why the face was left unchanged; empty when it was swapped. Never contains image
 *     content or personal data.
 */
public record SwapOutcome(int index, Face face, Action action, String reason) {

    /** What was done to a face. */
    public enum Action {
        /** Replaced by a generated face with the identity. */
        SWAPPED,
        /**
         * Could not be swapped (too small, landmarks that cannot be aligned or do not fit the box,
         * a box outside the photo, an error during generation) and was left as it was: a swap is
         * not a privacy operation, so nothing is redacted.
         */
        UNCHANGED
    }

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the index is negative, a swapped face has a reason or an
     *     unchanged face has none
     */
    public SwapOutcome {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if ((action == Action.SWAPPED) != reason.isEmpty()) {
            throw new IllegalArgumentException(action == Action.SWAPPED ? "a swapped face has no reason"
                    : "an unchanged face needs the reason why");
        }
    }
}
