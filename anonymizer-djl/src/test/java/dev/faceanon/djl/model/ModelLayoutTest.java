package dev.faceanon.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.config.ClipPreprocessorConfig;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.config.GoldenConfigs;
import dev.faceanon.djl.config.SchedulerConfig;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.model.ModelFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLayoutTest {

    @TempDir
    Path tmp;

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1, 2, 3});
    }

    /** A complete tree under {@code root} as {@link ModelLayout#fromRoot} expects it, with real configs. */
    private static void writeCompleteTree(Path root) throws IOException {
        Path faceAnon = root.resolve("face-anon-simple");
        GoldenConfigs.write(faceAnon.resolve("unet/config.json"), GoldenConfigs.config(GoldenConfigs.UNET_SD21));
        GoldenConfigs.write(faceAnon.resolve("referencenet/config.json"),
                GoldenConfigs.config(GoldenConfigs.REFERENCENET_SD21));
        GoldenConfigs.write(faceAnon.resolve("conditioning_referencenet/config.json"),
                GoldenConfigs.config(GoldenConfigs.REFERENCENET_SD21));
        for (String net : List.of("unet", "referencenet", "conditioning_referencenet")) {
            touch(faceAnon.resolve(net).resolve("diffusion_pytorch_model.safetensors"));
        }
        Path sd = root.resolve("stable-diffusion-2-1");
        JsonObject vae = GoldenConfigs.config(GoldenConfigs.VAE_SD21);
        vae.remove("scaling_factor"); // as published
        GoldenConfigs.write(sd.resolve("vae/config.json"), vae);
        touch(sd.resolve("vae/diffusion_pytorch_model.safetensors"));
        GoldenConfigs.write(sd.resolve("scheduler/scheduler_config.json"),
                GoldenConfigs.publishedSchedulerConfig("ddim_config"));
        Path clip = root.resolve("clip-vit-large-patch14");
        JsonObject clipConfig = new JsonObject();
        clipConfig.addProperty("model_type", "clip");
        clipConfig.add("vision_config", GoldenConfigs.config(GoldenConfigs.CLIP_VIT_L14));
        GoldenConfigs.write(clip.resolve("config.json"), clipConfig);
        GoldenConfigs.write(clip.resolve("preprocessor_config.json"), GoldenConfigs.document(
                GoldenConfigs.CLIP_VISION_TINY).getAsJsonObject("clip_image_processor_config"));
        touch(clip.resolve("model.safetensors"));
    }

    @Test
    void completeTreeUnderARootResolvesEveryFileAndConfig() throws IOException {
        writeCompleteTree(tmp);
        ModelLayout layout = ModelLayout.fromRoot(tmp);
        layout.validate();
        assertEquals(List.of(), layout.problems());

        assertEquals(UNetConfig.stableDiffusion21(), layout.unetConfig());
        assertEquals(Optional.of("UNet2DConditionModel"), layout.unetConfig().className());
        assertEquals(UNetConfig.stableDiffusion21(), layout.referenceNetConfig());
        assertEquals(Optional.of("ReferenceNetModel"), layout.conditioningReferenceNetConfig().className());
        assertEquals(VaeConfig.stableDiffusion21(), layout.vaeConfig());
        assertEquals(SchedulerConfig.stableDiffusion21(), layout.schedulerConfig());
        assertEquals(ClipVisionConfig.clipVitLargePatch14(), layout.clipVisionConfig());
        assertEquals(ClipPreprocessorConfig.clipVitLargePatch14(), layout.clipPreprocessorConfig());

        assertEquals(new WeightFile(tmp.resolve("face-anon-simple/unet/diffusion_pytorch_model.safetensors"),
                WeightFileFormat.SAFETENSORS), layout.unetWeights());
        assertEquals(tmp.resolve("face-anon-simple/referencenet/diffusion_pytorch_model.safetensors"),
                layout.referenceNetWeights().path());
        assertEquals(tmp.resolve("face-anon-simple/conditioning_referencenet/diffusion_pytorch_model.safetensors"),
                layout.conditioningReferenceNetWeights().path());
        assertEquals(tmp.resolve("stable-diffusion-2-1/vae/diffusion_pytorch_model.safetensors"),
                layout.vaeWeights().path());
        assertEquals(new WeightFile(tmp.resolve("clip-vit-large-patch14/model.safetensors"),
                WeightFileFormat.SAFETENSORS), layout.clipWeights());
        assertEquals(tmp.resolve("stable-diffusion-2-1/scheduler/scheduler_config.json"),
                layout.resolve(ModelFile.SCHEDULER_CONFIG));
    }

    @Test
    void weightNamesArePreferredSafetensorsThenShardIndexThenBin() throws IOException {
        writeCompleteTree(tmp);
        ModelLayout layout = ModelLayout.fromRoot(tmp);
        Path unet = tmp.resolve("face-anon-simple/unet");
        touch(unet.resolve("diffusion_pytorch_model.safetensors.index.json"));
        touch(unet.resolve("diffusion_pytorch_model.bin"));
        assertEquals(WeightFileFormat.SAFETENSORS, layout.unetWeights().format());

        Files.delete(unet.resolve("diffusion_pytorch_model.safetensors"));
        assertEquals(new WeightFile(unet.resolve("diffusion_pytorch_model.safetensors.index.json"),
                WeightFileFormat.SAFETENSORS_INDEX), layout.unetWeights());

        Files.delete(unet.resolve("diffusion_pytorch_model.safetensors.index.json"));
        assertEquals(new WeightFile(unet.resolve("diffusion_pytorch_model.bin"), WeightFileFormat.PYTORCH_BIN),
                layout.unetWeights());

        Path clip = tmp.resolve("clip-vit-large-patch14");
        Files.delete(clip.resolve("model.safetensors"));
        touch(clip.resolve("pytorch_model.bin"));
        assertEquals(new WeightFile(clip.resolve("pytorch_model.bin"), WeightFileFormat.PYTORCH_BIN),
                layout.clipWeights());
        layout.validate();
    }

    @Test
    void emptyRootReportsEveryExpectedFileAtOnce() {
        Path root = tmp.resolve("models");
        ModelLayout layout = ModelLayout.fromRoot(root);
        ModelLayoutException e = assertThrows(ModelLayoutException.class, layout::validate);
        assertEquals(ModelFile.values().length, e.problems().size());
        String message = e.getMessage();
        for (ModelFile file : ModelFile.values()) {
            Path expected = layout.expectedPath(file);
            assertTrue(message.contains(expected.toString()), "lists " + expected + ":\n" + message);
            assertTrue(message.contains(file.purpose()), "says what " + file + " is for:\n" + message);
        }
        for (ModelRepository repository : ModelRepository.values()) {
            assertTrue(message.contains("directory " + root.resolve(repository.directoryName())), message);
        }
        assertEquals(layout.expectedPath(ModelFile.UNET_CONFIG),
                e.problems().get(0).file());
        e.problems().forEach(p -> assertInstanceOf(MissingModelFileException.class, p));
        assertTrue(message.startsWith(root.resolve("face-anon-simple") + ": 12 of 12 model files"), message);
    }

    @Test
    void eachAccessorReportsItsMissingFileWithItsPurpose() {
        ModelLayout layout = ModelLayout.fromRoot(tmp);
        MissingModelFileException e = assertThrows(MissingModelFileException.class, layout::unetWeights);
        assertEquals(tmp.resolve("face-anon-simple/unet/diffusion_pytorch_model.safetensors"), e.file());
        assertTrue(e.getMessage().contains("denoising UNet weights (hkung/face-anon-simple, subfolder unet;"
                + " also accepted: diffusion_pytorch_model.safetensors.index.json or diffusion_pytorch_model.bin)"),
                e.getMessage());
        e = assertThrows(MissingModelFileException.class, layout::vaeConfig);
        assertEquals(tmp.resolve("stable-diffusion-2-1/vae/config.json"), e.file());
        assertTrue(e.purpose().contains("VAE config (stabilityai/stable-diffusion-2-1 or a mirror, subfolder vae)"),
                e.purpose());
        assertThrows(MissingModelFileException.class, layout::referenceNetConfig);
        assertThrows(MissingModelFileException.class, layout::conditioningReferenceNetConfig);
        assertThrows(MissingModelFileException.class, layout::schedulerConfig);
        assertThrows(MissingModelFileException.class, layout::clipVisionConfig);
        assertThrows(MissingModelFileException.class, layout::clipPreprocessorConfig);
        assertThrows(MissingModelFileException.class, layout::referenceNetWeights);
        assertThrows(MissingModelFileException.class, layout::conditioningReferenceNetWeights);
        assertThrows(MissingModelFileException.class, layout::vaeWeights);
        e = assertThrows(MissingModelFileException.class, layout::clipWeights);
        assertEquals(tmp.resolve("clip-vit-large-patch14/model.safetensors"), e.file());
    }

    @Test
    void partlyMissingTreeListsOnlyTheMissingFiles() throws IOException {
        writeCompleteTree(tmp);
        Files.delete(tmp.resolve("stable-diffusion-2-1/vae/diffusion_pytorch_model.safetensors"));
        Files.delete(tmp.resolve("clip-vit-large-patch14/preprocessor_config.json"));
        ModelLayoutException e = assertThrows(ModelLayoutException.class, ModelLayout.fromRoot(tmp)::validate);
        assertEquals(List.of(tmp.resolve("stable-diffusion-2-1/vae/diffusion_pytorch_model.safetensors"),
                tmp.resolve("clip-vit-large-patch14/preprocessor_config.json")),
                e.problems().stream().map(ModelFileException::file).collect(Collectors.toList()));
        assertTrue(e.getMessage().startsWith(tmp.resolve("stable-diffusion-2-1") + ": 2 of 12"), e.getMessage());
        assertFalse(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void directoryWhereAFileBelongsIsReportedAsUnusableNotMissing() throws IOException {
        writeCompleteTree(tmp);
        Path config = tmp.resolve("face-anon-simple/unet/config.json");
        Files.delete(config);
        Files.createDirectory(config);
        Path weights = tmp.resolve("clip-vit-large-patch14/model.safetensors");
        Files.delete(weights);
        Files.createDirectory(weights);
        touch(tmp.resolve("clip-vit-large-patch14/pytorch_model.bin")); // no silent fallback past the directory
        ModelLayout layout = ModelLayout.fromRoot(tmp);

        ModelFileException e = assertThrows(ModelFileException.class, layout::unetConfig);
        assertFalse(e instanceof MissingModelFileException);
        assertEquals(config, e.file());
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        e = assertThrows(ModelFileException.class, layout::clipWeights);
        assertEquals(weights, e.file());

        ModelLayoutException all = assertThrows(ModelLayoutException.class, layout::validate);
        assertEquals(List.of(config, weights), all.problems().stream().map(ModelFileException::file).toList());
        all.problems().forEach(p -> assertFalse(p instanceof MissingModelFileException));
    }

    @Test
    void invalidConfigIsReportedByTheAccessorNamingTheFile() throws IOException {
        writeCompleteTree(tmp);
        JsonObject bad = GoldenConfigs.config(GoldenConfigs.UNET_SD21);
        bad.add("attention_head_dim", JsonParser.parseString("[5, 10, 20]"));
        Path file = GoldenConfigs.write(tmp.resolve("face-anon-simple/referencenet/config.json"), bad);
        ModelLayout layout = ModelLayout.fromRoot(tmp);
        layout.validate(); // presence only
        ModelConfigException e = assertThrows(ModelConfigException.class, layout::referenceNetConfig);
        assertEquals(file, e.file());
        assertEquals(Optional.of("attention_head_dim"), e.field());
    }

    @Test
    void builderTakesSeparateDirectoriesAndOverridesTheRoot() throws IOException {
        writeCompleteTree(tmp.resolve("root"));
        // A mirror of SD-2.1 somewhere else, under another name.
        Path mirror = tmp.resolve("hub/sd2-community--stable-diffusion-2-1");
        Files.createDirectories(mirror);
        Files.move(tmp.resolve("root/stable-diffusion-2-1/vae"), mirror.resolve("vae"));
        Files.move(tmp.resolve("root/stable-diffusion-2-1/scheduler"), mirror.resolve("scheduler"));

        assertThrows(ModelLayoutException.class, ModelLayout.fromRoot(tmp.resolve("root"))::validate);
        ModelLayout layout = ModelLayout.builder().root(tmp.resolve("root")).stableDiffusionDir(mirror).build();
        layout.validate();
        assertEquals(mirror, layout.directory(ModelRepository.STABLE_DIFFUSION_2_1));
        assertEquals(mirror.resolve("vae/diffusion_pytorch_model.safetensors"), layout.vaeWeights().path());

        ModelLayout separate = ModelLayout.builder()
                .faceAnonDir(tmp.resolve("root/face-anon-simple"))
                .stableDiffusionDir(mirror)
                .clipDir(tmp.resolve("root/clip-vit-large-patch14"))
                .build();
        separate.validate();
        assertEquals(layout.unetConfig(), separate.unetConfig());
    }

    @Test
    void builderWithoutADirectoryForSomeRepositoryFailsNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ModelLayout.builder().faceAnonDir(tmp).clipDir(tmp).build());
        assertTrue(e.getMessage().contains("stabilityai/stable-diffusion-2-1"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ModelLayout.builder().root(null));
    }

    @Test
    void symlinkedFilesAsInAHubCacheSnapshotAreFollowed() throws IOException {
        writeCompleteTree(tmp.resolve("root"));
        Path blob = tmp.resolve("blobs/0123abcd");
        Path link = tmp.resolve("root/face-anon-simple/unet/diffusion_pytorch_model.safetensors");
        Files.createDirectories(blob.getParent());
        Files.move(link, blob);
        Files.createSymbolicLink(link, blob);
        assertEquals(link, ModelLayout.fromRoot(tmp.resolve("root")).unetWeights().path());

        Files.delete(blob); // a dangling link is an incomplete download: missing
        assertThrows(MissingModelFileException.class, ModelLayout.fromRoot(tmp.resolve("root"))::unetWeights);
    }

    @Test
    void modelFileEntriesDescribeThePublishedTree() {
        assertEquals("unet/config.json", ModelFile.UNET_CONFIG.relativePath());
        assertEquals("conditioning_referencenet/diffusion_pytorch_model.safetensors",
                ModelFile.CONDITIONING_REFERENCENET_WEIGHTS.relativePath());
        assertEquals("scheduler/scheduler_config.json", ModelFile.SCHEDULER_CONFIG.relativePath());
        assertEquals("model.safetensors", ModelFile.CLIP_WEIGHTS.relativePath());
        assertEquals(List.of(ModelFile.UNET_WEIGHTS, ModelFile.REFERENCENET_WEIGHTS,
                ModelFile.CONDITIONING_REFERENCENET_WEIGHTS, ModelFile.VAE_WEIGHTS, ModelFile.CLIP_WEIGHTS),
                Arrays.stream(ModelFile.values()).filter(ModelFile::isWeights).toList());
        assertThrows(IllegalArgumentException.class,
                () -> ModelLayout.fromRoot(tmp).weights(ModelFile.VAE_CONFIG));
        assertEquals(Optional.of(WeightFileFormat.SAFETENSORS_INDEX),
                WeightFileFormat.ofFileName("model.safetensors.index.json"));
        assertEquals(Optional.empty(), WeightFileFormat.ofFileName("model.ckpt"));
    }
}
