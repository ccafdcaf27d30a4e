package dev.faceanon.examples.cli;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceModels;
import dev.faceanon.ModelOptions;
import dev.faceanon.align.PasteBack;
import dev.faceanon.batch.AnonymizeOperation;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.IdentitySettings;
import dev.faceanon.batch.RedactionMethod;
import dev.faceanon.batch.RedactionSettings;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.video.AnonymizeFaces;
import dev.faceanon.identity.IdentityCheck;
import dev.faceanon.identity.KeepGallery;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Anonymizes every face of photos, or aligned face crops. */
@Command(name = "anonymize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replace every face by a generated face of another identity, keeping expression, pose, gaze,"
                + " hair and background. Faces that cannot be anonymized are redacted (--fallback) and reported."
                + " Every output face is checked with a face recognizer: one it still takes for the person it"
                + " replaces is generated again, then redacted (--identity-check).",
            "Videos: each face is followed from frame to frame and keeps one generated identity; a frame in which it"
                + " cannot be anonymized gets it redacted (docs/video.md)."},
        footer = {"Outputs carry no metadata (EXIF, GPS, XMP; container metadata of videos); EXIF orientation is"
                + " applied to the pixels first. Videos keep their audio unless --no-audio.",
            ExitCode.HELP})
final class AnonymizeCommand implements Callable<Integer> {

    @Mixin
    BatchOptions batch;

    @Option(names = "--aligned", description = "inputs are aligned face crops (the official single-face mode);"
            + " no detection")
    boolean aligned;

    @Option(names = "--fallback", defaultValue = "BLACK",
            description = "redaction of a face that cannot be anonymized: BLACK, BLUR or PIXELATE (default: ${DEFAULT-VALUE})")
    RedactionMethod fallback;

    @Mixin
    RedactionStrength fallbackStrength;

    @Option(names = "--hard-paste", description = "paste crops back as the official code does (no feathering)")
    boolean hardPaste;

    @Mixin
    IdentityOptions identity;

    @Option(names = "--identity-retries", paramLabel = "N", defaultValue = "" + IdentityCheck.DEFAULT_RETRIES,
            description = "with --identity-check fail-closed: further generations of a face that still matches its"
                    + " input, each with the next seed, before it is redacted (default: ${DEFAULT-VALUE})")
    int retries;

    @Mixin
    ModelSelection model;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    VideoOptions video;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext context = new CliContext(spec);
        IdentitySettings identitySettings = context.valid(() -> identity.settings().retries(retries).build(true,
                CliContext.SETTING_NAMES));
        ModelOptions modelOptions = context.valid(() -> model.modelOptions(identitySettings.recognizer()));
        DiffusionConfig config = context.valid(sampling::diffusionConfig);
        RedactionSettings fallbackRedaction = context.valid(() -> fallbackStrength.redaction(fallback, "--fallback"));
        context.requireFacesFor(model, aligned, batch.faces);
        FacesFile faces = batch.faces == null ? null : FacesFile.read(batch.faces);
        BatchPlan plan = batch.plan(video.format);
        ModelOptions detectorOptions = context.valid(() -> model.files.builder().detectionSize(video.detectionSize)
                .build());
        context.warnIfTinyRandom(model);
        try (FaceModels models = FaceModels.load(modelOptions)) {
            KeepGallery keep = context.keepGallery(identitySettings, models::keepGallery, faces, batch);
            AnonymizeOperation operation = new AnonymizeOperation(models, config, fallbackRedaction,
                    hardPaste ? PasteBack.hard() : PasteBack.feathered(), aligned, identitySettings, keep);
            try (VideoJob videos = aligned ? VideoJob.unsupported("--aligned takes aligned face crops, not videos")
                    : context.valid(() -> VideoJob.of(new AnonymizeFaces(operation.anonymizer(),
                            fallbackRedaction.redaction()), "anonymized", faces,
                            () -> new DjlBackendProvider().openDetector(detectorOptions), video))) {
                // Aligned crops are generated whole: a faces file has nothing to say about them.
                return context.runBatch(plan, operation, videos, batch, aligned ? null : faces, sampling.jobSeed);
            }
        }
    }
}
