package dev.faceanon.batch;

import dev.faceanon.AnonymizationResult;
import dev.faceanon.CallOptions;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceModels;
import dev.faceanon.align.PasteBack;
import dev.faceanon.redact.Redaction;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * Replaces every face of each photo by a generated face of another identity, redacting the faces
 * that cannot be (fail closed); or, for aligned crops, the crop as one face.
 */
public final class AnonymizeOperation implements PhotoOperation {
    private final FaceModels models;
    private final DiffusionConfig config;
    private final Redaction fallback;
    private final PasteBack paste;
    private final boolean aligned;

    /**
     * @param models the loaded models
     * @param config the generation settings; an image's own seed replaces its seed
     * @param fallback the redaction of a face that cannot be anonymized
     * @param paste how generated crops go back into the photo
     * @param aligned whether images are aligned face crops (generated whole, no faces) rather than photos
     */
    public AnonymizeOperation(FaceModels models, DiffusionConfig config, Redaction fallback, PasteBack paste,
            boolean aligned) {
        this.models = Objects.requireNonNull(models, "models");
        this.config = Objects.requireNonNull(config, "config");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.paste = Objects.requireNonNull(paste, "paste");
        this.aligned = aligned;
    }

    @Override
    public Result apply(PhotoRequest request, CallOptions options) {
        DiffusionConfig seeded = request.seeded(config);
        FaceAnonymizer anonymizer = models.anonymizer(seeded).withFallback(fallback).withPaste(paste);
        BufferedImage image = request.image();
        if (aligned) {
            return new Result(anonymizer.anonymizeAligned(image, options), List.of(FaceReport.alignedCrop(
                    "anonymized", image.getWidth(), image.getHeight(), seeded.seed())));
        }
        AnonymizationResult result = request.faces().isPresent()
                ? anonymizer.anonymize(image, request.faces().get(), options)
                : anonymizer.anonymize(image, options);
        return new Result(result.image(), result.faces().stream().map(f -> FaceReport.of(f, seeded.seed())).toList());
    }
}
