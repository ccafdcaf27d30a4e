package dev.faceanon.batch;

import dev.faceanon.AlignedAnonymization;
import dev.faceanon.AnonymizationResult;
import dev.faceanon.CallOptions;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceModels;
import dev.faceanon.align.PasteBack;
import dev.faceanon.identity.KeepGallery;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * Replaces every face of each photo by a generated face of another identity, redacting the faces
 * that cannot be (fail closed); or, for aligned crops, the crop as one face. With the recognizer
 * ({@link IdentitySettings#recognizer()}) every output face is audited, faces that still match their
 * input are generated again and then redacted (fail-closed), and faces matching the keep gallery are
 * left as they are.
 */
public final class AnonymizeOperation implements PhotoOperation {
    private final FaceModels models;
    private final DiffusionConfig config;
    private final RedactionSettings fallback;
    private final PasteBack paste;
    private final boolean aligned;
    private final IdentitySettings identity;
    private final KeepGallery keep;

    /**
     * @param models the loaded models, with the face recognizer unless the identity mode is off
     * @param config the generation settings; an image's own seed replaces its seed
     * @param fallback the redaction of a face that cannot be anonymized
     * @param paste how generated crops go back into the photo
     * @param aligned whether images are aligned face crops (generated whole, no faces) rather than photos
     * @param identity the identity check
     * @param keep the faces to leave as they are; {@link KeepGallery#empty()} for none
     * @throws IllegalStateException if the identity check or the gallery needs a recognizer the models lack
     */
    public AnonymizeOperation(FaceModels models, DiffusionConfig config, RedactionSettings fallback, PasteBack paste,
            boolean aligned, IdentitySettings identity, KeepGallery keep) {
        this.models = Objects.requireNonNull(models, "models");
        this.config = Objects.requireNonNull(config, "config");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.paste = Objects.requireNonNull(paste, "paste");
        this.aligned = aligned;
        this.identity = Objects.requireNonNull(identity, "identity");
        this.keep = Objects.requireNonNull(keep, "keep");
        anonymizer(config);
    }

    /**
     * The photos' anonymizer at the configured seed, for work that is not one photo at a time (the
     * frames of a video, whose faces keep one generated identity across frames).
     *
     * @return the anonymizer with this operation's fallback, paste, identity check and keep gallery
     */
    public FaceAnonymizer anonymizer() {
        return anonymizer(config);
    }

    private FaceAnonymizer anonymizer(DiffusionConfig seeded) {
        FaceAnonymizer anonymizer = models.anonymizer(seeded).withFallback(fallback.redaction()).withPaste(paste);
        return identity.recognizer() ? anonymizer.withIdentityCheck(identity.check()).keeping(keep) : anonymizer;
    }

    @Override
    public Result apply(PhotoRequest request, CallOptions options) {
        DiffusionConfig seeded = request.seeded(config);
        FaceAnonymizer anonymizer = anonymizer(seeded);
        BufferedImage image = request.image();
        if (aligned) {
            AlignedAnonymization crop = anonymizer.anonymizeCrop(image, options);
            return new Result(crop.image(), List.of(FaceReport.of(crop, image.getWidth(), image.getHeight(),
                    seeded.seed())));
        }
        AnonymizationResult result = request.faces().isPresent()
                ? anonymizer.anonymize(image, request.faces().get(), options)
                : anonymizer.anonymize(image, options);
        return new Result(result.image(), result.faces().stream().map(f -> FaceReport.of(f, seeded.seed())).toList());
    }
}
