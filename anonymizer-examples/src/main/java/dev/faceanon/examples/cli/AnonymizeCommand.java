package dev.faceanon.examples.cli;

import dev.faceanon.AlignedAnonymization;
import dev.faceanon.AnonymizationResult;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceOutcome;
import dev.faceanon.ModelOptions;
import dev.faceanon.align.PasteBack;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.redact.Redaction;
import dev.faceanon.video.AnonymizeFaces;
import java.awt.image.BufferedImage;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.identity.IdentityCheck;
import dev.faceanon.identity.KeepGallery;
import java.util.List;
import java.util.Optional;
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
        IdentityOptions.Mode mode = context.valid(() -> identity.mode(IdentityOptions.Mode.FAIL_CLOSED, true));
        IdentityCheck check = context.valid(() -> IdentityCheck.builder().threshold(identity.threshold)
                .failClosed(mode == IdentityOptions.Mode.FAIL_CLOSED).retries(retries).build());
        ModelOptions modelOptions = context.valid(() -> model.modelOptions(mode != IdentityOptions.Mode.OFF));
        DiffusionConfig config = context.valid(sampling::diffusionConfig);
        Redaction fallbackRedaction = context.valid(() -> fallbackStrength.redaction(fallback, "--fallback"));
        context.requireFacesFor(model, aligned, batch.faces);
        FacesFile faces = batch.faces == null ? null : FacesFile.read(batch.faces);
        BatchPlan plan = batch.plan(video.format);
        ModelOptions detectorOptions = context.valid(() -> model.files.builder().detectionSize(video.detectionSize)
                .build());
        context.warnIfTinyRandom(model);
        try (FaceModels models = FaceModels.load(modelOptions)) {
            FaceAnonymizer anonymizer = models.anonymizer(config).withFallback(fallbackRedaction)
                    .withPaste(hardPaste ? PasteBack.hard() : PasteBack.feathered());
            if (mode != IdentityOptions.Mode.OFF) {
                KeepGallery keep = context.keepGallery(identity, () -> models.keepGallery(), faces, batch);
                anonymizer = anonymizer.withIdentityCheck(check).keeping(keep);
            }
            FaceAnonymizer configured = anonymizer;
            PhotoOperation operation = (item, image, options) -> {
                if (aligned) {
                    AlignedAnonymization a = configured.anonymizeCrop(image, options);
                    return new PhotoOperation.Result(a.image(), List.of(report(0,
                            new BoundingBox(0, 0, image.getWidth(), image.getHeight()), a.action(), a.reason(),
                            a.audit(), a.kept())));
                }
                AnonymizationResult result = faces == null ? configured.anonymize(image, options)
                        : configured.anonymize(image, faces.facesOf(item), options);
                return new PhotoOperation.Result(result.image(), result.faces().stream().map(f -> report(f.index(),
                        f.face().box(), f.action(), f.reason(), f.audit(), f.kept())).toList());
            };
            try (VideoJob videos = aligned ? VideoJob.unsupported("--aligned takes aligned face crops, not videos")
                    : context.valid(() -> VideoJob.of(new AnonymizeFaces(configured, fallbackRedaction),
                            "anonymized", faces, () -> new DjlBackendProvider().openDetector(detectorOptions),
                            video))) {
                return context.runBatch(plan, operation, videos, batch);
            }
        }
    }

    private static FaceReport report(int index, BoundingBox box, FaceOutcome.Action action, String reason,
            Optional<IdentityAudit> audit, Optional<GalleryMatch> kept) {
        return switch (action) {
            case ANONYMIZED -> new FaceReport(index, box, "anonymized", true, reason, audit, kept);
            case REDACTED -> new FaceReport(index, box, "redacted", false, reason, audit, kept);
            case KEPT -> new FaceReport(index, box, "kept", true, reason, audit, kept);
        };
    }
}
