package dev.faceanon;

import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Optional;

/**
 * A swapped aligned face crop and what was done to it ({@link FaceSwapper#swapCrop}).
 *
 * @param image the result, in the target's size: the swapped face, or for a kept target the target image itself
 * @param action {@link SwapOutcome.Action#SWAPPED} or {@link SwapOutcome.Action#KEPT}
 * @param reason for a kept crop, the gallery entry it matches; empty when swapped
 * @param audit when the models have a face recognizer and the crop was swapped: the distance of the output crop to
 *     the target crop (its verdict) and to the identity crop
 * @param kept the keep gallery entry the target matched; present exactly for {@link SwapOutcome.Action#KEPT}
 */
public record AlignedSwap(BufferedImage image, SwapOutcome.Action action, String reason,
        Optional<IdentityAudit> audit, Optional<GalleryMatch> kept) {

    /**
     * Creates an instance, checking its components.
     *
     * @param image the result, in the target's size: the swapped face, or for a kept target the target image itself
     * @param action {@link SwapOutcome.Action#SWAPPED} or {@link SwapOutcome.Action#KEPT}
     * @param reason for a kept crop, the gallery entry it matches; empty when swapped
     * @param audit when the models have a face recognizer and the crop was swapped: the distance of the output crop to
     *     the target crop (its verdict) and to the identity crop
     * @param kept the keep gallery entry the target matched; present exactly for {@link SwapOutcome.Action#KEPT}
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the action is {@link SwapOutcome.Action#UNCHANGED}, or a kept crop has no
     *     gallery match or another crop has one
     */
    public AlignedSwap {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(kept, "kept");
        if (action == SwapOutcome.Action.UNCHANGED) {
            throw new IllegalArgumentException("an aligned crop is swapped or kept");
        }
        if ((action == SwapOutcome.Action.KEPT) != kept.isPresent()) {
            throw new IllegalArgumentException("a crop is kept exactly when it has a gallery match");
        }
    }
}
