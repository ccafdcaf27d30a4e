package dev.faceanon.djl.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.weights.ListedTensorSource;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.model.WeightMismatchException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The parameters the model expects against the full-size key manifests (golden README &sect;5), and
 * how loading reports keys it does not expect. Nothing here allocates weights: the checkpoints are
 * listings whose data can never be read.
 */
class ClipVisionModelKeysTest {
    private static final GoldenDirectory GOLDEN = GoldenDirectory.fromSystemProperty();

    /** A checkpoint that lists tensors but has no data: reading any of it fails the test. */
    private static final class ListingOnly extends ListedTensorSource {
        ListingOnly(List<TensorInfo> infos) {
            super(Path.of("listing-only.safetensors"), infos);
        }

        @Override
        public ByteBuffer raw(String name) {
            throw new AssertionError("tensor data read for " + name + ": the key check must come first");
        }
    }

    private static JsonObject manifest(String name) throws IOException {
        return JsonParser.parseString(Files.readString(GOLDEN.manifest(name), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static List<TensorInfo> entries(JsonObject manifest) {
        List<TensorInfo> out = new ArrayList<>();
        for (JsonElement e : manifest.getAsJsonArray("keys")) {
            JsonObject o = e.getAsJsonObject();
            long[] shape = new long[o.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = o.getAsJsonArray("shape").get(i).getAsLong();
            }
            TensorDType dtype = TensorDType.fromSafetensorsName(o.get("dtype").getAsString()).orElseThrow();
            out.add(new TensorInfo(o.get("name").getAsString(), dtype, shape));
        }
        return out;
    }

    private static String describe(String key, long[] shape) {
        return key + Arrays.toString(shape);
    }

    @Test
    void expectedParametersEqualTheVisionManifest() throws IOException {
        JsonObject manifest = manifest("clip_vit_large_patch14_vision_keys");
        ClipVisionConfig config = ClipVisionConfig.fromJson(manifest.getAsJsonObject("config"),
                GOLDEN.manifest("clip_vit_large_patch14_vision_keys"));
        assertEquals(ClipVisionConfig.clipVitLargePatch14(), config);
        List<TensorInfo> keys = entries(manifest);
        // The manifest lists parameters only: the position_ids buffer is non-persistent in transformers
        // and absent here, and the model does not ask for it (it is ignored when a checkpoint has it).
        assertTrue(keys.stream().noneMatch(t -> t.name().endsWith("position_ids")));
        assertTrue(keys.stream().allMatch(t -> t.dtype() == TensorDType.F32));
        List<ParameterSpec> expected = ClipVisionModel.expectedParameters(ClipVisionConfig.clipVitLargePatch14());
        // Same names, same shapes, same (state-dict) order, no legacy aliases, nothing skipped.
        assertEquals(keys.stream().map(t -> describe(t.name(), t.shape())).collect(Collectors.toList()),
                expected.stream().map(p -> describe(p.key(), p.shape())).collect(Collectors.toList()));
        assertTrue(expected.stream().allMatch(p -> p.legacyKeys().isEmpty() && !p.unused()));
        long params = expected.stream().mapToLong(p -> Arrays.stream(p.shape()).reduce(1, Math::multiplyExact)).sum();
        assertEquals(manifest.get("num_params").getAsLong(), params);
        assertEquals(manifest.get("num_tensors").getAsInt(), expected.size());
    }

    @Test
    void fullClipModelCheckpointResolvesWithTheTextTowerIgnored() throws IOException {
        List<TensorInfo> keys = new ArrayList<>(entries(manifest("clip_vit_large_patch14_clipmodel_keys")));
        // Older exports also carry the int64 position_ids buffers of both towers.
        keys.add(new TensorInfo("vision_model.embeddings.position_ids", TensorDType.I64, new long[] {1, 257}));
        keys.add(new TensorInfo("text_model.embeddings.position_ids", TensorDType.I64, new long[] {1, 77}));
        List<ParameterSpec> expected = ClipVisionModel.expectedParameters(ClipVisionConfig.clipVitLargePatch14());
        Map<String, String> resolved = CheckpointLoader.resolve("CLIPVisionModel", expected, new ListingOnly(keys),
                ClipVisionModel::isIgnoredCheckpointKey);
        assertEquals(expected.size(), resolved.size());
        resolved.forEach((wanted, stored) -> assertEquals(wanted, stored));
        // What was ignored is exactly the non-vision part of the CLIPModel plus the buffers.
        List<String> ignored = keys.stream().map(TensorInfo::name).filter(k -> !resolved.containsKey(k))
                .collect(Collectors.toList());
        assertTrue(ignored.stream().allMatch(ClipVisionModel::isIgnoredCheckpointKey));
        assertEquals(590 + 2 - 391, ignored.size());
        assertTrue(ignored.containsAll(List.of("logit_scale", "visual_projection.weight", "text_projection.weight")));
    }

    @Test
    void ignoresOnlyTheNonVisionPartsOfACheckpoint() {
        for (String k : List.of("text_model.encoder.layers.0.mlp.fc1.weight", "visual_projection.weight",
                "text_projection.weight", "logit_scale", "vision_model.embeddings.position_ids",
                "text_model.embeddings.position_ids")) {
            assertTrue(ClipVisionModel.isIgnoredCheckpointKey(k), k);
        }
        for (String k : List.of("vision_model.embeddings.class_embedding", "vision_model.encoder.layers.0.extra",
                "vision_model.position_ids", "vision_model.encoder.layers.0.self_attn.position_ids",
                "logit_scale.extra", "text_model", "visual_projection")) {
            assertTrue(!ClipVisionModel.isIgnoredCheckpointKey(k), k);
        }
    }

    @Test
    void reportsUnknownMissingAndMisShapedVisionKeysAtOnce() {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager()) {
            ClipVisionConfig config = ClipGolden.config(golden);
            List<TensorInfo> keys = new ArrayList<>();
            String dropped = "vision_model.encoder.layers.1.mlp.fc2.bias";
            String reshaped = "vision_model.post_layernorm.weight";
            for (TensorInfo t : golden.weights().tensors()) {
                if (t.name().equals(reshaped)) {
                    keys.add(new TensorInfo(reshaped, TensorDType.F32, new long[] {config.hiddenSize() + 1}));
                } else if (!t.name().equals(dropped)) {
                    keys.add(t);
                }
            }
            String unknown = "vision_model.encoder.layers.0.self_attn.rotary.weight";
            keys.add(new TensorInfo(unknown, TensorDType.F32, new long[] {config.hiddenSize()}));
            keys.add(new TensorInfo("text_model.final_layer_norm.weight", TensorDType.F32, new long[] {16}));
            int before = m.getManagedArrays().size();
            WeightMismatchException e = assertThrows(WeightMismatchException.class,
                    () -> ClipVisionModel.load(config, new ListingOnly(keys), m, DataType.FLOAT32,
                            AttentionOptions.defaults(false)));
            assertEquals(List.of(dropped), e.missing());
            assertEquals(List.of(unknown), e.unexpected());
            assertEquals(1, e.misShaped().size());
            assertTrue(e.misShaped().get(0).startsWith(reshaped), e.misShaped().get(0));
            assertEquals(before, m.getManagedArrays().size());
        }
    }

    @Test
    void rejectsAnIntegerTensorUnderAVisionKey() {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager()) {
            ClipVisionConfig config = ClipGolden.config(golden);
            String key = "vision_model.embeddings.class_embedding";
            List<TensorInfo> keys = golden.weights().tensors().stream()
                    .map(t -> t.name().equals(key) ? new TensorInfo(key, TensorDType.I64, t.shape()) : t)
                    .collect(Collectors.toList());
            WeightMismatchException e = assertThrows(WeightMismatchException.class,
                    () -> ClipVisionModel.load(config, new ListingOnly(keys), m, DataType.FLOAT32,
                            AttentionOptions.defaults(false)));
            assertEquals(1, e.misShaped().size());
            assertTrue(e.misShaped().get(0).startsWith(key), e.misShaped().get(0));
        }
    }
}
