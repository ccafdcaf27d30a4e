package dev.faceanon;

import dev.faceanon.face.Face;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import java.util.Objects;
import java.util.Optional;

/**
 * What was done to one face of a target photo by a face swap, why, and whom the recognizer takes the result for.
 *
 * @param index the face's position in processing order
 * @param face the face as detected (or as supplied by the caller)
 * @param action what was done
 * @param reason why the face was left unchanged (for a kept face: the gallery entry it matches); empty when it was
 *     swapped. Never contains image content; gallery entry names are the caller's.
 * @param audit for a swapped face when the models have a face recognizer: the distance of the output to the
 *     target's original face (its verdict) and to the identity face ({@link IdentityAudit#distanceToIdentity()});
 *     empty for faces left unchanged or kept, and without a recognizer
 * @param kept the keep gallery entry the face matched; present exactly for {@link Action#KEPT}
 */
public record SwapOutcome(int index, Face face, Action action, String reason, Optional<IdentityAudit> audit,
        Optional<GalleryMatch> kept) {

    /** What was done to a face. */
    public enum Action {
        /** Replaced by a generated face with the identity. */
        SWAPPED,
        /**
         * Could not be swapped (too small, landmarks that cannot be aligned or do not fit the box,
         * a box outside the photo, an error during generation) and was left as it was: a swap is
         * not a privacy operation, so nothing is redacted.
         */
        UNCHANGED,
        /**
         * Matched an entry of the swapper's keep gallery ({@link dev.faceanon.identity.KeepGallery}) and was left
         * as it was.
         */
        KEPT
    }

    /**
     * Creates an instance, checking its components.
     *
     * @param index the face's position in processing order
     * @param face the face as detected (or as supplied by the caller)
     * @param action what was done
     * @param reason why the face was left unchanged (for a kept face: the gallery entry it matches); empty when it was
     *     swapped. Never contains image content; gallery entry names are the caller's.
     * @param audit for a swapped face when the models have a face recognizer: the distance of the output to the
     *     target's original face (its verdict) and to the identity face ({@link IdentityAudit#distanceToIdentity()});
     *     empty for faces left unchanged or kept, and without a recognizer
     * @param kept the keep gallery entry the face matched; present exactly for {@link Action#KEPT}
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the index is negative, a swapped face has a reason or another face has
     *     none, or a kept face has no gallery match or another face has one
     */
    public SwapOutcome {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(kept, "kept");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if ((action == Action.SWAPPED) != reason.isEmpty()) {
            throw new IllegalArgumentException(action == Action.SWAPPED ? "a swapped face has no reason"
                    : "a face left as it was needs the reason why");
        }
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
     * @param action {@link Action#SWAPPED} or {@link Action#UNCHANGED}
     * @param reason why it was left unchanged; empty when swapped
     * @throws IllegalArgumentException see the canonical constructor; {@link Action#KEPT} needs its gallery match
     */
    public SwapOutcome(int index, Face face, Action action, String reason) {
        this(index, face, action, reason, Optional.empty(), Optional.empty());
    }

    /**
     * @param index the face's position in the outcomes
     * @param face the face
     * @param match the gallery entry it matched
     * @return the outcome of a face left as it was because it matches the keep gallery
     */
    public static SwapOutcome kept(int index, Face face, GalleryMatch match) {
        return new SwapOutcome(index, face, Action.KEPT, match.describe(), Optional.empty(), Optional.of(match));
    }
}
