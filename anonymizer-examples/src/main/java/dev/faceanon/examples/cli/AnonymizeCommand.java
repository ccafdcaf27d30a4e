package dev.faceanon.examples.cli;

import dev.faceanon.CallOptions;
import dev.faceanon.FaceAnonException;
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

    @Parameters(index = "0", paramLabel = "INPUT", description = "input image")
    Path input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "output image (.png or .jpg)")
    Path output;

    @Override
    public Integer call() throws Exception {
        BufferedImage image = ImageFiles.read(input);
        if (!aligned) {
            throw new FaceAnonException("anonymizing whole photos needs the face detector, which is not in this"
                    + " version yet; pass --aligned for an aligned face crop (see README.md)");
        }
        try (FaceModels models = FaceModels.load(generation.modelOptions())) {
            BufferedImage out = models.anonymizer(generation.diffusionConfig()).anonymizeAligned(image,
                    CallOptions.builder().progress(new ConsoleSteps(System.err)).build());
            ImageFiles.write(out, output);
        }
        return 0;
    }
}
