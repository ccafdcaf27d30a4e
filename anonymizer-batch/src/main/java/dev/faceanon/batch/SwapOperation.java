package dev.faceanon.batch;

import dev.faceanon.AlignedSwap;
import dev.faceanon.CallOptions;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceSwapper;
import dev.faceanon.IdentityFace;
import dev.faceanon.NoFaceFoundException;
import dev.faceanon.SwapResult;
import dev.faceanon.align.PasteBack;
import dev.faceanon.face.Face;
import dev.faceanon.identity.KeepGallery;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts one identity into every face of each photo, leaving the faces that cannot be swapped as
 * they were (reported); or, for aligned crops, swaps the identity crop into each crop whole. With
 * the recognizer ({@link IdentitySettings#recognizer()}) every swapped face is audited against the
 * target's original face and the identity face, and faces matching the keep gallery are left as
 * they are.
 */
public final class SwapOperation implements PhotoOperation {
    private final FaceModels models;
    private final DiffusionConfig config;
    private final PasteBack paste;
    private final IdentitySettings identitySettings;
    private final KeepGallery keep;
    private final IdentityFace identity;
    private final BufferedImage identityCrop;

    private SwapOperation(FaceModels models, DiffusionConfig config, PasteBack paste, IdentitySettings identitySettings,
            KeepGallery keep, IdentityFace identity, BufferedImage identityCrop) {
        this.models = Objects.requireNonNull(models, "models");
        this.config = Objects.requireNonNull(config, "config");
        this.paste = Objects.requireNonNull(paste, "paste");
        this.identitySettings = Objects.requireNonNull(identitySettings, "identitySettings");
        this.keep = Objects.requireNonNull(keep, "keep");
        this.identity = identity;
        this.identityCrop = identityCrop;
    }

    /**
     * Swaps into the faces of photos.
     *
     * @param models the loaded models, with the face recognizer unless the identity mode is off
     * @param config the generation settings; an image's own seed replaces its seed
     * @param paste how generated crops go back into the photo
     * @param identitySettings the identity audit (a swap does not fail closed)
     * @param keep the faces to leave as they are; {@link KeepGallery#empty()} for none
     * @param identityPhoto a photo of the identity
     * @param identityName its name or path, for messages
     * @param identityFaces the caller's faces of that photo, whose first is the identity; empty to
     *     take the largest face the detector finds
     * @return the operation
     * @throws NoFaceFoundException if the identity photo has no usable face, or the caller lists none
     */
    public static SwapOperation photos(FaceModels models, DiffusionConfig config, PasteBack paste,
            IdentitySettings identitySettings, KeepGallery keep, BufferedImage identityPhoto, String identityName,
            Optional<List<Face>> identityFaces) {
        // The identity is described with the audit's threshold, which also bounds its featureless-face check.
        FaceSwapper swapper = swapper(models, config, paste, identitySettings, keep);
        IdentityFace identity;
        if (identityFaces.isEmpty()) {
            identity = swapper.identityOf(identityPhoto);
        } else if (identityFaces.get().isEmpty()) {
            throw new NoFaceFoundException("the faces given for the identity image " + identityName
                    + " list no face; add one");
        } else {
            identity = swapper.identityOf(identityPhoto, identityFaces.get().get(0));
        }
        return new SwapOperation(models, config, paste, identitySettings, keep, identity, null);
    }

    /**
     * Swaps into aligned face crops, each generated whole.
     *
     * @param models the loaded models, with the face recognizer unless the identity mode is off
     * @param config the generation settings; an image's own seed replaces its seed
     * @param identitySettings the identity audit
     * @param keep the crops to leave as they are; {@link KeepGallery#empty()} for none
     * @param identityCrop an aligned crop of the identity
     * @return the operation
     */
    public static SwapOperation alignedCrops(FaceModels models, DiffusionConfig config,
            IdentitySettings identitySettings, KeepGallery keep, BufferedImage identityCrop) {
        return new SwapOperation(models, config, PasteBack.feathered(), identitySettings, keep, null,
                Objects.requireNonNull(identityCrop, "identityCrop"));
    }

    /**
     * The photos' swapper at the configured seed, for work that is not one photo at a time (the
     * frames of a video, whose faces keep one generation across frames).
     *
     * @return the swapper with this operation's paste, identity audit and keep gallery
     */
    public FaceSwapper swapper() {
        return swapper(models, config, paste, identitySettings, keep);
    }

    /**
     * @return the identity put into the faces of photos
     * @throws IllegalStateException for aligned crops, whose identity is a crop swapped in whole
     */
    public IdentityFace identity() {
        if (identity == null) {
            throw new IllegalStateException("aligned crops have no identity face");
        }
        return identity;
    }

    private static FaceSwapper swapper(FaceModels models, DiffusionConfig config, PasteBack paste,
            IdentitySettings identitySettings, KeepGallery keep) {
        FaceSwapper swapper = models.swapper(config).withPaste(paste);
        return identitySettings.recognizer() ? swapper.withIdentityThreshold(identitySettings.threshold())
                .keeping(keep) : swapper;
    }

    @Override
    public Result apply(PhotoRequest request, CallOptions options) {
        DiffusionConfig seeded = request.seeded(config);
        FaceSwapper swapper = swapper(models, seeded, paste, identitySettings, keep);
        BufferedImage image = request.image();
        if (identity == null) {
            AlignedSwap crop = swapper.swapCrop(identityCrop, image, options);
            return new Result(crop.image(), List.of(FaceReport.of(crop, image.getWidth(), image.getHeight(),
                    seeded.seed())));
        }
        SwapResult result = request.faces().isPresent()
                ? swapper.swap(identity, image, request.faces().get(), options)
                : swapper.swap(identity, image, options);
        return new Result(result.image(), result.faces().stream().map(f -> FaceReport.of(f, seeded.seed())).toList());
    }
}
