package dev.faceanon.examples.cli;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceModels;
import dev.faceanon.ModelOptions;
import dev.faceanon.align.PasteBack;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.IdentitySettings;
import dev.faceanon.batch.ImageDecoder;
import dev.faceanon.batch.SwapOperation;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.Face;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.video.SwapFaces;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Puts the identity of one face into other photos. */
@Command(name = "swap", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Swap faces: every face of each target photo gets the identity of the largest face of"
                + " --identity, keeping the target's expression, pose, gaze, hair and scene. Faces that cannot be"
                + " swapped are left as they were and reported. Every swapped face is checked with a face recognizer:"
                + " its distance to the target's original face and to the identity face is reported."},
        footer = {"With --faces, the identity image is looked up in the faces file by its file name like the"
                + " targets (its first face is used).",
            "Outputs carry no metadata (EXIF, GPS, XMP); EXIF orientation is applied to the pixels first.",
            ExitCode.HELP})
final class SwapCommand implements Callable<Integer> {

    @Option(names = "--identity", required = true, paramLabel = "FILE",
            description = "image of the person whose identity is used (with --aligned: an aligned crop)")
    Path identity;

    @Mixin
    BatchOptions batch;

    @Option(names = "--aligned", description = "the identity and the targets are aligned face crops; no detection")
    boolean aligned;

    @Option(names = "--hard-paste", description = "paste crops back as the official code does (no feathering)")
    boolean hardPaste;

    @Mixin
    IdentityOptions identityOptions;

    @Mixin
    ModelSelection model;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    VideoOptions video;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext context = new CliContext(spec);
        IdentitySettings identitySettings = context.valid(() -> identityOptions.settings().build(false,
                CliContext.SETTING_NAMES));
        ModelOptions modelOptions = context.valid(() -> model.modelOptions(identitySettings.recognizer()));
        DiffusionConfig config = context.valid(sampling::diffusionConfig);
        context.requireFacesFor(model, aligned, batch.faces);
        FacesFile faces = batch.faces == null ? null : FacesFile.read(batch.faces);
        BatchPlan plan = batch.plan(video.format);
        ModelOptions detectorOptions = context.valid(() -> model.files.builder().detectionSize(video.detectionSize)
                .build());
        BufferedImage identityImage = new ImageDecoder(batch.acceptDamaged, CliContext.ACCEPT_DAMAGED).read(identity)
                .image();
        Optional<List<Face>> identityFaces = faces == null ? Optional.empty()
                : Optional.of(faces.facesOf(identity.getFileName().toString(), identity));
        context.warnIfTinyRandom(model);
        try (FaceModels models = FaceModels.load(modelOptions)) {
            KeepGallery keep = context.keepGallery(identitySettings, models::keepGallery, faces, batch);
            if (aligned) {
                return context.runBatch(plan, SwapOperation.alignedCrops(models, config, identitySettings, keep,
                        identityImage), VideoJob.unsupported("--aligned takes aligned face crops, not videos"), batch,
                        null, sampling.jobSeed);
            }
            SwapOperation operation = SwapOperation.photos(models, config,
                    hardPaste ? PasteBack.hard() : PasteBack.feathered(), identitySettings, keep, identityImage,
                    identity.toString(), identityFaces);
            try (VideoJob videos = context.valid(() -> VideoJob.of(new SwapFaces(operation.swapper(),
                    operation.identity()), "swapped", faces,
                    () -> new DjlBackendProvider().openDetector(detectorOptions), video))) {
                return context.runBatch(plan, operation, videos, batch, faces, sampling.jobSeed);
            }
        }
    }
}
