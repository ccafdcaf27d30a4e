package dev.faceanon.djl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.clip.ClipVisionModel;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.unet.ReferenceNet;
import dev.faceanon.djl.unet.UNet2DConditionModel;
import dev.faceanon.djl.vae.AutoencoderKL;
import dev.faceanon.djl.weights.SafetensorsFile;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated tiny-random directory against independent references: its configs against the
 * golden set's tiny configs (serialised by diffusers / transformers), its weight files against the
 * golden weight files' key and shape sets (written by the Python reference) and against what each
 * network declares, with the loader's key check accepting each file.
 */
class TinyRandomModelTest {
    private static final GoldenDirectory GOLDEN = GoldenDirectory.fromSystemProperty();

    @TempDir
    static Path root;
    private static ModelLayout layout;

    @BeforeAll
    static void write() throws IOException {
        layout = TinyRandomModel.standard().writeTo(root);
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static JsonObject goldenConfig(String name) {
        try (GoldenCase c = GOLDEN.open(name)) {
            return c.config().orElseThrow();
        }
    }

    @Test
    void networkConfigsAreTheGoldenTinyConfigs() throws IOException {
        assertEquals(goldenConfig("unet_tiny"), json(layout.expectedPath(ModelFile.UNET_CONFIG)));
        assertEquals(goldenConfig("referencenet_tiny"), json(layout.expectedPath(ModelFile.REFERENCENET_CONFIG)));
        assertEquals(goldenConfig("pipeline_tiny_conditioning_referencenet"),
                json(layout.expectedPath(ModelFile.CONDITIONING_REFERENCENET_CONFIG)));
        assertEquals(goldenConfig("vae_tiny"), json(layout.expectedPath(ModelFile.VAE_CONFIG)));
        assertEquals(goldenConfig("clip_vision_tiny"), json(layout.expectedPath(ModelFile.CLIP_CONFIG)));
    }

    @Test
    void preprocessorConfigIsTheGoldenOne() throws IOException {
        try (GoldenCase c = GOLDEN.open("clip_vision_tiny")) {
            assertEquals(c.sidecar().getAsJsonObject("clip_image_processor_config"),
                    json(layout.expectedPath(ModelFile.CLIP_PREPROCESSOR_CONFIG)));
        }
    }

    @Test
    void schedulerConfigIsThePublishedSd21File() throws IOException {
        // The golden holds the config as diffusers loaded it: the published keys plus the defaults
        // it filled in, which it lists under _use_default_values.
        JsonObject expected;
        try (GoldenCase c = GOLDEN.open("scheduler")) {
            expected = c.sidecar().getAsJsonObject("ddim_config").deepCopy();
        }
        for (JsonElement defaulted : expected.remove("_use_default_values").getAsJsonArray()) {
            expected.remove(defaulted.getAsString());
        }
        JsonObject written = json(layout.expectedPath(ModelFile.SCHEDULER_CONFIG));
        assertEquals(expected, written);
        assertEquals(12, written.size(), written.toString());
    }

    @Test
    void weightFilesHoldTheGoldenWeightFilesKeysAndShapesInFloat32() throws IOException {
        Map<ModelFile, String> goldenCase = Map.of(ModelFile.UNET_WEIGHTS, "unet_tiny",
                ModelFile.REFERENCENET_WEIGHTS, "referencenet_tiny",
                ModelFile.CONDITIONING_REFERENCENET_WEIGHTS, "pipeline_tiny_conditioning_referencenet",
                ModelFile.VAE_WEIGHTS, "vae_tiny", ModelFile.CLIP_WEIGHTS, "clip_vision_tiny");
        for (Map.Entry<ModelFile, String> e : goldenCase.entrySet()) {
            Set<TensorInfo> expected;
            try (GoldenCase c = GOLDEN.open(e.getValue())) {
                expected = new HashSet<>(c.weights().tensors());
            }
            try (SafetensorsFile file = SafetensorsFile.open(layout.expectedPath(e.getKey()))) {
                assertEquals(expected, new HashSet<>(file.tensors()), e.getKey().toString());
                assertTrue(file.tensors().stream().allMatch(t -> t.dtype() == TensorDType.F32));
                assertTrue(file.metadata().get("content").contains("not a face"), file.metadata().toString());
            }
        }
    }

    @Test
    void weightFilesHoldExactlyWhatEachNetworkDeclaresAndTheLoaderAcceptsThem() throws IOException {
        check(ModelFile.UNET_WEIGHTS, "UNet", UNet2DConditionModel.expectedParameters(layout.unetConfig()));
        check(ModelFile.REFERENCENET_WEIGHTS, "ReferenceNet",
                ReferenceNet.expectedParameters(layout.referenceNetConfig()));
        check(ModelFile.CONDITIONING_REFERENCENET_WEIGHTS, "ReferenceNet",
                ReferenceNet.expectedParameters(layout.conditioningReferenceNetConfig()));
        check(ModelFile.VAE_WEIGHTS, "VAE", AutoencoderKL.expectedParameters(layout.vaeConfig()));
        check(ModelFile.CLIP_WEIGHTS, "CLIP", ClipVisionModel.expectedParameters(layout.clipVisionConfig()));
    }

    private static void check(ModelFile file, String name, List<ParameterSpec> declared) throws IOException {
        try (TensorSource source = SafetensorsFile.open(layout.expectedPath(file))) {
            Set<TensorInfo> expected = declared.stream()
                    .map(p -> new TensorInfo(p.key(), TensorDType.F32, p.shape())).collect(Collectors.toSet());
            assertEquals(expected, new HashSet<>(source.tensors()), file.toString());
            // No key is knowingly ignored: anything missing, unexpected or mis-shaped throws.
            Map<String, String> resolved = CheckpointLoader.resolve(name, declared, source, key -> false);
            assertEquals(declared.size(), resolved.size());
            resolved.forEach((wanted, stored) -> assertEquals(wanted, stored));
        }
    }

    @Test
    void theSameSeedWritesTheSameFilesAndAnotherSeedOtherWeights(@TempDir Path again, @TempDir Path other)
            throws IOException {
        ModelLayout same = TinyRandomModel.standard().writeTo(again);
        ModelLayout different = new TinyRandomModel(TinyRandomModel.DEFAULT_SEED + 1).writeTo(other);
        for (Path file : files(root)) {
            Path relative = root.relativize(file);
            byte[] bytes = Files.readAllBytes(file);
            assertArrayEquals(bytes, Files.readAllBytes(again.resolve(relative)), relative.toString());
            if (relative.toString().endsWith(".safetensors")) {
                assertFalse(java.util.Arrays.equals(bytes, Files.readAllBytes(other.resolve(relative))),
                        relative.toString());
            }
        }
        assertEquals(files(root).size(), files(again).size());
        assertEquals(12, files(root).size());
        assertTrue(Files.isRegularFile(different.expectedPath(ModelFile.CLIP_WEIGHTS)));
    }

    @Test
    void theThreeUNetsGetDifferentWeights() throws IOException {
        String key = "conv_in.weight";
        try (SafetensorsFile unet = SafetensorsFile.open(layout.expectedPath(ModelFile.UNET_WEIGHTS));
                SafetensorsFile ref = SafetensorsFile.open(layout.expectedPath(ModelFile.REFERENCENET_WEIGHTS));
                SafetensorsFile cond = SafetensorsFile.open(
                        layout.expectedPath(ModelFile.CONDITIONING_REFERENCENET_WEIGHTS))) {
            assertFalse(unet.raw(key).equals(ref.raw(key)));
            assertFalse(ref.raw(key).equals(cond.raw(key)));
            assertFalse(unet.raw(key).equals(cond.raw(key)));
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }
}
