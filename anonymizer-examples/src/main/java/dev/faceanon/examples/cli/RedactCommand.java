package dev.faceanon.examples.cli;

import dev.faceanon.ModelOptions;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAuditor;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.RedactedFace;
import dev.faceanon.redact.RedactedPhoto;
import dev.faceanon.redact.Redaction;
import dev.faceanon.video.RedactFaces;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
        IdentityOptions.Mode mode = context.valid(() -> identity.mode(IdentityOptions.Mode.AUDIT, false));
        ModelOptions options = context.valid(() -> files.builder().identityAudit(mode != IdentityOptions.Mode.OFF)
                .build());
        FacesFile faces = batch.faces == null ? null : FacesFile.read(batch.faces);
        BatchPlan plan = batch.plan(video.format);
        ModelOptions detectorOptions = context.valid(() -> files.builder().detectionSize(video.detectionSize).build());
        Redaction redaction = context.valid(() -> strength.redaction(method, "--method"));
        FaceRedactor redactor = new FaceRedactor(redaction);
        String action = "redacted (" + method.name().toLowerCase(Locale.ROOT) + ")";
        DjlBackendProvider provider = new DjlBackendProvider();
        try (FaceRecognizer recognizer = options.identityAudit() ? provider.openRecognizer(options) : null;
                FaceDetector detector = faces == null ? provider.openDetector(options) : null) {
            Optional<IdentityAuditor> auditor = Optional.ofNullable(recognizer)
                    .map(r -> new IdentityAuditor(r, identity.threshold));
            KeepGallery keep = recognizer == null ? KeepGallery.empty() : context.keepGallery(identity, () -> {
                KeepGallery.Builder b = KeepGallery.builder(recognizer);
                return detector == null ? b : b.detector(detector);
            }, faces, batch);
            PhotoOperation operation = (item, image, callOptions) -> {
                List<Face> found = faces == null ? detector.detect(image) : faces.facesOf(item);
                RgbImage photo = new BufferedImageConverter().toRgbImage(image);
                // Each face described once in the input: the gallery's query and the reference of its audit.
                Map<Face, IdentityAuditor.Input> inputs = new IdentityHashMap<>();
                List<Face> toRedact = new ArrayList<>();
                List<Face> kept = new ArrayList<>();
                List<GalleryMatch> matches = new ArrayList<>();
                for (Face f : found) {
                    Optional<IdentityAuditor.Input> d = auditor.map(a -> a.describe(photo, f));
                    d.ifPresent(input -> inputs.put(f, input));
                    Optional<GalleryMatch> m = d.flatMap(IdentityAuditor.Input::descriptor).flatMap(keep::match);
                    if (m.isPresent()) {
                        kept.add(f);
                        matches.add(m.get());
                    } else {
                        toRedact.add(f);
                    }
                }
                RedactedPhoto redacted = redactor.redactAll(photo, toRedact);
                List<FaceReport> reports = new ArrayList<>();
                for (int i = 0; i < redacted.faces().size(); i++) {
                    RedactedFace f = redacted.faces().get(i);
                    // Over its box instead of its aligned crop, or outside the photo: the summary says why.
                    reports.add(new FaceReport(i, f.face().box(), action, f.area() == RedactedFace.Area.ALIGNED_CROP,
                            f.reason(), auditor.map(a -> a.audit(inputs.get(f.face()), redacted.image(), f.face(),
                                    List.of())), Optional.empty()));
                }
                for (int i = 0; i < kept.size(); i++) {
                    reports.add(new FaceReport(reports.size(), kept.get(i).box(), "kept", true,
                            matches.get(i).describe(), Optional.empty(), Optional.of(matches.get(i))));
                }
                return new PhotoOperation.Result(toRedact.isEmpty() && !kept.isEmpty() ? image
                        : BufferedImageConverter.toBufferedImage(redacted.image()), reports);
            };
            try (VideoJob videos = context.valid(() -> VideoJob.of(new RedactFaces(redaction), action, faces,
                    () -> provider.openDetector(detectorOptions), video))) {
                return context.runBatch(plan, operation, videos, batch);
            }
        }
    }
}
