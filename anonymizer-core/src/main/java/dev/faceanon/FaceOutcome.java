package dev.faceanon;

import dev.faceanon.face.Face;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import java.util.Objects;
import java.util.Optional;

/**
 * What was done to one face of a photo, why, and whether the recognizer still takes the result for the person.
 *
 * @param index the face's position in processing order
 * @param face the face as detected (or as supplied by the caller)
 * @param action what was done
 * @param reason why, when the face was not anonymized (for a kept face: the gallery entry it matches); empty
 *     otherwise. Never contains image content; gallery entry names are the caller's.
 * @param audit the identity audit of the output face ({@link IdentityAudit}): present for every anonymized or
 *     redacted face when the models have a face recognizer ({@link ModelOptions#identityAudit()}, on by default);
 *     empty for a kept face and without a recognizer
 * @param kept the keep gallery entry the face matched; present exactly for {@link Action#KEPT}
 */
public record FaceOutcome(int index, Face face, Action action, String reason, Optional<IdentityAudit> audit,
        Optional<GalleryMatch> kept) {

    /** What was done to a face. */
    public enum Action {
        /** Replaced by a generated face of another identity over every pixel of its box. */
        ANONYMIZED,
        /**
         * Could not be anonymized (too small, an error, cancelled, landmarks that cannot be aligned
         * or do not fit the box, or every generation still matched the face it replaces) and was redacted instead
         * over every pixel of its box: the fail-closed default. A box wholly outside the photo has no pixel to
         * redact; its reason says so.
         */
        REDACTED,
        /**
         * Matched an entry of the anonymizer's keep gallery ({@link dev.faceanon.identity.KeepGallery}) and was
         * left as it was: not generated, not redacted. Only where the square of a processed neighbour reaches over
         * it does it change.
         */
        KEPT
    }

    /**
     * Creates an instance, checking its components.
     *
     * @param index the face's position in processing order
     * @param face the face as detected (or as supplied by the caller)
     * @param action what was done
     * @param reason why, when the face was not anonymized (for a kept face: the gallery entry it matches); empty
     *     otherwise. Never contains image content; gallery entry names are the caller's.
     * @param audit the identity audit of the output face ({@link IdentityAudit}): present for every anonymized or
     *     redacted face when the models have a face recognizer ({@link ModelOptions#identityAudit()}, on by default);
     *     empty for a kept face and without a recognizer
     * @param kept the keep gallery entry the face matched; present exactly for {@link Action#KEPT}
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a kept face has no gallery match or another face has one
     */
    public FaceOutcome {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(kept, "kept");
        if ((action == Action.KEPT) != kept.isPresent()) {
            throw new IllegalArgumentException(action == Action.KEPT ? "a kept face needs the gallery entry it matched"
                    : "only a kept face has a gallery match");
        }
    }

    /**
     * An outcome without identity audit.
     *
     * @param index the face's position in processing order
     * @param face the face
     * @param action {@link Action#ANONYMIZED} or {@link Action#REDACTED}
     * @param reason why it was not anonymized; empty otherwise
     * @throws IllegalArgumentException for {@link Action#KEPT}, which needs its gallery match
     */
    public FaceOutcome(int index, Face face, Action action, String reason) {
        this(index, face, action, reason, Optional.empty(), Optional.empty());
    }

    /**
     * @param index the face's position in the outcomes
     * @param face the face
     * @param match the gallery entry it matched
     * @return the outcome of a face left as it was because it matches the keep gallery
     */
    public static FaceOutcome kept(int index, Face face, GalleryMatch match) {
        return new FaceOutcome(index, face, Action.KEPT, match.describe(), Optional.empty(), Optional.of(match));
    }
}
