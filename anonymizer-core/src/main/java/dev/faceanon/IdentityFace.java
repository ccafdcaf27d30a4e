package dev.faceanon;

import dev.faceanon.face.Face;
import dev.faceanon.identity.IdentityAuditor;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The face whose identity a {@link FaceSwapper} puts into photos: one face of an identity photo
 * and its aligned crop, cut with the official alignment at the model's size. Made by
 * {@link FaceSwapper#identityOf(BufferedImage)}; one identity serves any number of swaps.
 * Immutable and thread-safe; like every object made from {@link FaceModels}, its methods (other
 * than {@link #toString()}) throw {@link IllegalStateException} once those models are closed.
 */
public final class IdentityFace {
    private final FaceModels models;
    private final Face face;
    private final RgbImage crop;
    private final IdentityAuditor.Input described;

    IdentityFace(FaceModels models, Face face, RgbImage crop, IdentityAuditor.Input described) {
        this.models = Objects.requireNonNull(models, "models");
        this.face = Objects.requireNonNull(face, "face");
        this.crop = Objects.requireNonNull(crop, "crop");
        this.described = Objects.requireNonNull(described, "described");
        if (crop.width() != crop.height()) {
            throw new IllegalArgumentException("aligned crops are square, got " + crop.width() + "x" + crop.height());
        }
    }

    /** @return the face in the identity photo, as detected or as given */
    public Face face() {
        models.requireOpen("IdentityFace.face");
        return face;
    }

    /** @return a copy of the aligned crop the swaps use, {@code TYPE_3BYTE_BGR} */
    public BufferedImage crop() {
        models.requireOpen("IdentityFace.crop");
        return BufferedImageConverter.toBufferedImage(crop);
    }

    /** @return the side of the aligned crop: the model size of the swapper that made it */
    public int cropSize() {
        models.requireOpen("IdentityFace.cropSize");
        return crop.width();
    }

    RgbImage alignedCrop() {
        return crop;
    }

    /** The identity face as the swap audits see it in its photo. */
    IdentityAuditor.Input described() {
        return described;
    }

    @Override
    public String toString() {
        return "IdentityFace[" + crop.width() + "x" + crop.height() + " crop]";
    }
}
