package dev.faceanon;

import dev.faceanon.face.Face;
import java.util.Objects;

/**
 * What was done to one face of a photo, and why.
 *
 * @param index the face's position in processing order
 * @param face the face as detected (or as supplied by the caller)
 * @param action what was done
 * @param reason why, when the face was not anonymized; empty otherwise. Never contains image
 *     content or personal data.
 */
public record FaceOutcome(int index, Face face, Action action, String reason) {

    /** What was done to a face. */
    public enum Action {
        /** Replaced by a generated face of another identity over every pixel of its box. */
        ANONYMIZED,
        /**
         * Could not be anonymized (too small, an error, cancelled, landmarks that cannot be aligned
         * or do not fit the box) and was redacted instead over every pixel of its box: the
         * fail-closed default. A box wholly outside the photo has no pixel to redact; its reason
         * says so.
         */
        REDACTED
    }

    /**
     * @throws NullPointerException if a component is null
     */
    public FaceOutcome {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }
}
