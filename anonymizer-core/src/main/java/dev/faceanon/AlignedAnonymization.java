package dev.faceanon;

import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Optional;

/**
 * An anonymized aligned face crop and what was done to it ({@link FaceAnonymizer#anonymizeCrop}).
 *
 * @param image the result, same size as the crop: the generated face, the redacted crop, or for a kept crop the
 *     input image itself
 * @param action {@link FaceOutcome.Action#ANONYMIZED}, {@link FaceOutcome.Action#REDACTED} (every generation still
 *     matched the input, see {@link dev.faceanon.identity.IdentityCheck}) or {@link FaceOutcome.Action#KEPT}
 * @param reason why it was redacted or kept; empty when anonymized
 * @param audit the identity audit of the crop (input crop against output crop) when the models have a face
 *     recognizer; empty for a kept crop and without a recognizer
 * @param kept the keep gallery entry the crop matched; present exactly for {@link FaceOutcome.Action#KEPT}
 */
public record AlignedAnonymization(BufferedImage image, FaceOutcome.Action action, String reason,
        Optional<IdentityAudit> audit, Optional<GalleryMatch> kept) {

    /**
     * Creates an instance, checking its components.
     *
     * @param image the result, same size as the crop: the generated face, the redacted crop, or for a kept crop the
     *     input image itself
     * @param action {@link FaceOutcome.Action#ANONYMIZED}, {@link FaceOutcome.Action#REDACTED} (every generation still
     *     matched the input, see {@link dev.faceanon.identity.IdentityCheck}) or {@link FaceOutcome.Action#KEPT}
     * @param reason why it was redacted or kept; empty when anonymized
     * @param audit the identity audit of the crop (input crop against output crop) when the models have a face
     *     recognizer; empty for a kept crop and without a recognizer
     * @param kept the keep gallery entry the crop matched; present exactly for {@link FaceOutcome.Action#KEPT}
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a kept crop has no gallery match or another crop has one
     */
    public AlignedAnonymization {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(kept, "kept");
        if ((action == FaceOutcome.Action.KEPT) != kept.isPresent()) {
            throw new IllegalArgumentException("a crop is kept exactly when it has a gallery match");
        }
    }
}
