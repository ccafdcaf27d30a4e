package dev.faceanon.examples.cli;

import dev.faceanon.ModelOptions;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.RedactOperation;
import dev.faceanon.batch.RedactionMethod;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.FaceDetector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Redacts every face (blur, pixelate, black) without any diffusion model. */
@Command(name = "redact", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Blur, pixelate or black out every face: the classic redaction, in seconds, with the same"
                + " detection and alignment as anonymize. Needs only the detector files (or --faces)."},
        footer = {"Outputs carry no metadata (EXIF, GPS, XMP); EXIF orientation is applied to the pixels first.",
            ExitCode.HELP})
final class RedactCommand implements Callable<Integer> {

    @Mixin
    BatchOptions batch;

    @Option(names = "--method", defaultValue = "BLUR", description = "BLUR, PIXELATE or BLACK (default: ${DEFAULT-VALUE})")
    RedactionMethod method;

    @Mixin
    DetectorSelection files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext context = new CliContext(spec);
        ModelOptions options = context.valid(() -> files.builder().build());
        FacesFile faces = batch.faces == null ? null : FacesFile.read(batch.faces);
        BatchPlan plan = batch.plan();
        try (FaceDetector detector = faces == null ? new DjlBackendProvider().openDetector(options) : null) {
            return context.runBatch(plan, new RedactOperation(method, detector), batch, faces, null);
        }
    }
}
