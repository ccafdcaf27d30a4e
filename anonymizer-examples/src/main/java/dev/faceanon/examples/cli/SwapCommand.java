package dev.faceanon.examples.cli;

import dev.faceanon.CallOptions;
import dev.faceanon.FaceModels;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Puts the identity of one aligned face into another. */
@Command(name = "swap", mixinStandardHelpOptions = true,
        description = "Swap faces: IDENTITY's identity with TARGET's expression, pose, gaze and scene (aligned crops).")
final class SwapCommand implements Callable<Integer> {

    @Mixin
    GenerationOptions generation;

    @Parameters(index = "0", paramLabel = "IDENTITY", description = "aligned face whose identity is used")
    Path identity;

    @Parameters(index = "1", paramLabel = "TARGET", description = "aligned face whose expression, pose and scene are kept")
    Path target;

    @Parameters(index = "2", paramLabel = "OUTPUT", description = "output image (.png or .jpg)")
    Path output;

    @Override
    public Integer call() throws Exception {
        BufferedImage id = ImageFiles.read(identity);
        BufferedImage tgt = ImageFiles.read(target);
        try (FaceModels models = FaceModels.load(generation.modelOptions())) {
            BufferedImage out = models.swapper(generation.diffusionConfig()).swap(id, tgt,
                    CallOptions.builder().progress(new ConsoleSteps(System.err)).build());
            ImageFiles.write(out, output);
        }
        return 0;
    }
}
