package dev.faceanon.examples.cli;

import dev.faceanon.ModelOptions;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.RedactedFace;
import dev.faceanon.redact.RedactedPhoto;
import dev.faceanon.redact.Redaction;
import dev.faceanon.video.RedactFaces;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Redacts every face (blur, pixelate, black) without any diffusion model. */
@Command(name = "redact", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Blur, pixelate or black out every face: the classic redaction, in seconds, with the same"
                + " detection and alignment as anonymize. Needs only the detector files (or --faces). Blur and"
                + " pixelation are sized to each face; they are weaker than black-out against face recognizers"
                + " (docs/redaction.md)."},
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
    DetectorSelection files;

    @Mixin
    VideoOptions video;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext context = new CliContext(spec);
        ModelOptions options = context.valid(() -> files.builder().build());
        FacesFile faces = batch.faces == null ? null : FacesFile.read(batch.faces);
        BatchPlan plan = batch.plan(video.format);
        ModelOptions detectorOptions = context.valid(() -> files.builder().detectionSize(video.detectionSize).build());
        Redaction redaction = context.valid(() -> strength.redaction(method, "--method"));
        FaceRedactor redactor = new FaceRedactor(redaction);
        String action = "redacted (" + method.name().toLowerCase(java.util.Locale.ROOT) + ")";
        try (FaceDetector detector = faces == null ? new DjlBackendProvider().openDetector(options) : null) {
            PhotoOperation operation = (item, image, callOptions) -> {
                List<Face> found = faces == null ? detector.detect(image) : faces.facesOf(item);
                RedactedPhoto redacted = redactor.redactAll(new BufferedImageConverter().toRgbImage(image), found);
                List<FaceReport> reports = new ArrayList<>();
                for (int i = 0; i < redacted.faces().size(); i++) {
                    RedactedFace f = redacted.faces().get(i);
                    // Over its box instead of its aligned crop, or outside the photo: the summary says why.
                    reports.add(new FaceReport(i, f.face().box(), action, f.area() == RedactedFace.Area.ALIGNED_CROP,
                            f.reason()));
                }
                return new PhotoOperation.Result(BufferedImageConverter.toBufferedImage(redacted.image()), reports);
            };
            try (VideoJob videos = context.valid(() -> VideoJob.of(new RedactFaces(redaction), action, faces,
                    () -> new DjlBackendProvider().openDetector(detectorOptions), video))) {
                return context.runBatch(plan, operation, videos, batch);
            }
        }
    }
}
