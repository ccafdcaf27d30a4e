package dev.faceanon.examples.cli;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceSwapper;
import dev.faceanon.ModelOptions;
import dev.faceanon.face.BoundingBox;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Puts the identity of one face into other photos. */
@Command(name = "swap", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Swap faces: every face of each TARGET gets the identity of the face in --identity, keeping"
                + " the target's expression, pose, gaze, hair and scene."},
        footer = {"Outputs carry no metadata (EXIF, GPS, XMP); EXIF orientation is applied to the pixels first.",
            ExitCode.HELP})
final class SwapCommand implements Callable<Integer> {

    @Option(names = "--identity", required = true, paramLabel = "FILE",
            description = "image of the person whose identity is used (with --aligned: an aligned crop)")
    Path identity;

    @Mixin
    BatchOptions batch;

    @Option(names = "--aligned", description = "the identity and the targets are aligned face crops; no detection")
    boolean aligned;

    @Mixin
    ModelSelection model;

    @Mixin
    SamplingOptions sampling;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext context = new CliContext(spec);
        ModelOptions modelOptions = context.valid(model::modelOptions);
        DiffusionConfig config = context.valid(sampling::diffusionConfig);
        context.requireFacesFor(model, aligned, batch.faces);
        BatchPlan plan = batch.plan();
        BufferedImage identityImage = ImageFiles.read(identity);
        context.warnIfTinyRandom(model);
        try (FaceModels models = FaceModels.load(modelOptions)) {
            FaceSwapper swapper = models.swapper(config);
            PhotoOperation operation = (item, image, options) -> new PhotoOperation.Result(
                    swapper.swap(identityImage, image, options), List.of(new FaceReport(0,
                            new BoundingBox(0, 0, image.getWidth(), image.getHeight()), "swapped", true, "")));
            return context.runBatch(plan, operation, batch);
        }
    }
}
