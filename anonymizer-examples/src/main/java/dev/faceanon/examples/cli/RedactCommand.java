package dev.faceanon.examples.cli;

import dev.faceanon.ModelOptions;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.IdentitySettings;
import dev.faceanon.batch.RedactOperation;
import dev.faceanon.batch.RedactionMethod;
import dev.faceanon.batch.RedactionSettings;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.video.RedactFaces;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Redacts every face (blur, pixelate, black) without any diffusion model. */
@Command(name = "redact", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Blur, pixelate or black out every face: the classic redaction, in seconds, with the same"
                + " detection and alignment as anonymize. Needs only the detector files (or --faces) and the face"
                + " recognizer that checks every redacted face (--identity-check). Blur and pixelation are sized to"
                + " each face; they are weaker than black-out against face recognizers (docs/redaction.md)."},
        footer = {"Outputs carry no metadata (EXIF, GPS, XMP); EXIF orientation is applied to the pixels first.",
            ExitCode.HELP})
final class RedactCommand implements Callable<Integer> {

    @Mixin
    BatchOptions batch;

    @Option(names = "--method", defaultValue = "BLUR", description = "BLUR, PIXELATE or BLACK (default: ${DEFAULT-VALUE})")
    RedactionMethod method;

    @Mixin
    RedactionStrength strength;

    @Mixin
    IdentityOptions identity;

    @Mixin
    DetectorSelection files;

    @Mixin
    VideoOptions video;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext context = new CliContext(spec);
        IdentitySettings identitySettings = context.valid(() -> identity.settings().build(false,
                CliContext.SETTING_NAMES));
        ModelOptions options = context.valid(() -> files.builder().identityAudit(identitySettings.recognizer())
                .build());
        RedactionSettings redaction = context.valid(() -> strength.redaction(method, "--method"));
        FacesFile faces = batch.faces == null ? null : FacesFile.read(batch.faces);
        BatchPlan plan = batch.plan(video.format);
        ModelOptions detectorOptions = context.valid(() -> files.builder().detectionSize(video.detectionSize).build());
        String action = "redacted (" + method.label() + ")";
        DjlBackendProvider provider = new DjlBackendProvider();
        try (FaceRecognizer recognizer = identitySettings.recognizer() ? provider.openRecognizer(options) : null;
                FaceDetector detector = faces == null ? provider.openDetector(options) : null) {
            KeepGallery keep = context.keepGallery(identitySettings, () -> {
                KeepGallery.Builder b = KeepGallery.builder(recognizer);
                return detector == null ? b : b.detector(detector);
            }, faces, batch);
            RedactOperation operation = new RedactOperation(redaction, detector, recognizer, identitySettings, keep);
            try (VideoJob videos = context.valid(() -> VideoJob.of(new RedactFaces(redaction.redaction()), action,
                    faces, () -> provider.openDetector(detectorOptions), video))) {
                return context.runBatch(plan, operation, videos, batch, faces, null);
            }
        }
    }
}
