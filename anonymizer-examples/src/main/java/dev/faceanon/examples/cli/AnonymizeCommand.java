package dev.faceanon.examples.cli;

import dev.faceanon.CallOptions;
import dev.faceanon.AnonymizationResult;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceOutcome;
import dev.faceanon.align.PasteBack;
import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import dev.faceanon.redact.Redaction;
import dev.faceanon.FaceModels;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Anonymizes the faces of a photo, or one aligned face crop. */
@Command(name = "anonymize", mixinStandardHelpOptions = true,
        description = "Replace faces by generated faces of other identities, keeping expression, pose, gaze and scene.")
final class AnonymizeCommand implements Callable<Integer> {

    @Mixin
    GenerationOptions generation;

    @Option(names = "--aligned", description = "INPUT is one aligned face crop (as the official extractor makes)")
    boolean aligned;

    @Option(names = "--fallback", defaultValue = "BLACKOUT",
            description = "redaction of a face that cannot be anonymized: BLACKOUT, BLUR or PIXELATE (default: ${DEFAULT-VALUE})")
    Fallback fallback;

    @Option(names = "--hard-paste", description = "paste crops back as the official code does (no feathering)")
    boolean hardPaste;

    /** The redactions offered for faces that cannot be anonymized. */
    enum Fallback {
        BLACKOUT, BLUR, PIXELATE;

        Redaction redaction() {
            switch (this) {
                case BLUR:
                    return new GaussianBlur();
                case PIXELATE:
                    return new Pixelate();
                default:
                    return new BlackOut();
            }
        }
    }

    @Parameters(index = "0", paramLabel = "INPUT", description = "input image")
    Path input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "output image (.png or .jpg)")
    Path output;

    @Override
    public Integer call() throws Exception {
        BufferedImage image = ImageFiles.read(input);
        CallOptions options = CallOptions.builder().progress(new ConsoleSteps(System.err)).build();
        try (FaceModels models = FaceModels.load(generation.modelOptions())) {
            FaceAnonymizer anonymizer = models.anonymizer(generation.diffusionConfig())
                    .withFallback(fallback.redaction()).withPaste(hardPaste ? PasteBack.hard() : PasteBack.feathered());
            if (aligned) {
                ImageFiles.write(anonymizer.anonymizeAligned(image, options), output);
                return 0;
            }
            AnonymizationResult result = anonymizer.anonymize(image, options);
            ImageFiles.write(result.image(), output);
            System.out.printf("%d face(s): %d anonymized, %d redacted%n", result.faces().size(),
                    result.faces().size() - result.redactedCount(), result.redactedCount());
            for (FaceOutcome f : result.faces()) {
                System.out.printf("  face %d at (%.0f, %.0f) %.0fx%.0f: %s%s%n", f.index() + 1, f.face().box().x1(),
                        f.face().box().y1(), f.face().box().width(), f.face().box().height(), f.action(),
                        f.reason().isEmpty() ? "" : " (" + f.reason() + ")");
            }
            // A redacted face is still protected; the exit code tells scripts that not all were generated.
            return result.allAnonymized() ? 0 : 3;
        }
    }
}
