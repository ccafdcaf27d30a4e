package dev.faceanon.examples.cli;

import dev.faceanon.AlignedSwap;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceSwapper;
import dev.faceanon.IdentityFace;
import dev.faceanon.ModelOptions;
import dev.faceanon.SwapOutcome;
import dev.faceanon.SwapResult;
import dev.faceanon.align.PasteBack;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
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
        IdentityOptions.Mode mode = context.valid(() -> identityOptions.mode(IdentityOptions.Mode.AUDIT, false));
        ModelOptions modelOptions = context.valid(() -> model.modelOptions(mode != IdentityOptions.Mode.OFF));
        DiffusionConfig config = context.valid(sampling::diffusionConfig);
        context.requireFacesFor(model, aligned, batch.faces);
        FacesFile faces = batch.faces == null ? null : FacesFile.read(batch.faces);
        BatchPlan plan = batch.plan(video.format);
        ModelOptions detectorOptions = context.valid(() -> model.files.builder().detectionSize(video.detectionSize)
                .build());
        BufferedImage identityImage = ImageFiles.read(identity, batch.acceptDamaged).image();
        List<Face> identityFaces = faces == null ? null : faces.facesOf(new BatchPlan.Item(identity,
                identity.getFileName().toString(), identity));
        context.warnIfTinyRandom(model);
        try (FaceModels models = FaceModels.load(modelOptions)) {
            FaceSwapper configured = models.swapper(config).withPaste(hardPaste ? PasteBack.hard()
                    : PasteBack.feathered());
            if (mode != IdentityOptions.Mode.OFF) {
                configured = configured.withIdentityThreshold(identityOptions.threshold).keeping(context.keepGallery(
                        identityOptions, models::keepGallery, faces, batch));
            }
            FaceSwapper swapper = configured;
            if (aligned) {
                return context.runBatch(plan, (item, image, options) -> {
                    AlignedSwap s = swapper.swapCrop(identityImage, image, options);
                    return new PhotoOperation.Result(s.image(), List.of(report(0, new BoundingBox(0, 0,
                            image.getWidth(), image.getHeight()), s.action(), s.reason(), s.audit(), s.kept())));
                }, VideoJob.unsupported("--aligned takes aligned face crops, not videos"), batch);
            }
            IdentityFace person = identityFaces == null ? swapper.identityOf(identityImage)
                    : swapper.identityOf(identityImage, first(identityFaces));
            try (VideoJob videos = context.valid(() -> VideoJob.of(new SwapFaces(swapper, person), "swapped", faces,
                    () -> new DjlBackendProvider().openDetector(detectorOptions), video))) {
                return context.runBatch(plan, (item, image, options) -> {
                    SwapResult result = faces == null ? swapper.swap(person, image, options)
                            : swapper.swap(person, image, faces.facesOf(item), options);
                    return new PhotoOperation.Result(result.image(), result.faces().stream().map(f -> report(f.index(),
                            f.face().box(), f.action(), f.reason(), f.audit(), f.kept())).toList());
                }, videos, batch);
            }
        }
    }

    private Face first(List<Face> identityFaces) {
        if (identityFaces.isEmpty()) {
            throw new dev.faceanon.NoFaceFoundException("the faces file lists no face for the identity image "
                    + identity + "; add one");
        }
        return identityFaces.get(0);
    }

    private static FaceReport report(int index, BoundingBox box, SwapOutcome.Action action, String reason,
            Optional<IdentityAudit> audit, Optional<GalleryMatch> kept) {
        return switch (action) {
            case SWAPPED -> new FaceReport(index, box, "swapped", true, reason, audit, kept);
            case UNCHANGED -> new FaceReport(index, box, "unchanged", false, reason, audit, kept);
            case KEPT -> new FaceReport(index, box, "kept", true, reason, audit, kept);
        };
    }
}
