package dev.faceanon.djl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.model.ModelConfigException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClipVisionConfigTest {

    /**
     * The shape of the published openai/clip-vit-large-patch14 config.json: a full CLIPConfig whose
     * vision_config lists only what differs from CLIPVisionConfig's defaults (image_size, hidden_act,
     * layer_norm_eps and num_channels are left to them).
     */
    private static final String PUBLISHED_CLIP_CONFIG = """
            {
              "_name_or_path": "openai/clip-vit-large-patch14",
              "architectures": ["CLIPModel"],
              "initializer_factor": 1.0,
              "logit_scale_init_value": 2.6592,
              "model_type": "clip",
              "projection_dim": 768,
              "text_config": {"dropout": 0.0, "hidden_size": 768, "intermediate_size": 3072,
                              "model_type": "clip_text_model", "num_attention_heads": 12, "projection_dim": 768},
              "torch_dtype": "float32",
              "transformers_version": null,
              "vision_config": {"dropout": 0.0, "hidden_size": 1024, "intermediate_size": 4096,
                                "model_type": "clip_vision_model", "num_attention_heads": 16,
                                "num_hidden_layers": 24, "patch_size": 14, "projection_dim": 768}
            }
            """;

    @TempDir
    Path tmp;

    private ClipVisionConfig read(JsonObject json) {
        return ClipVisionConfig.read(GoldenConfigs.write(tmp.resolve("config.json"), json));
    }

    @ParameterizedTest
    @ValueSource(strings = {GoldenConfigs.CLIP_VISION_TINY, GoldenConfigs.CLIP_VIT_L14})
    void readsGoldenVisionConfigsAsSerialised(String golden) {
        JsonObject json = GoldenConfigs.config(golden);
        ClipVisionConfig c = read(json);
        assertEquals(json.get("hidden_size").getAsInt(), c.hiddenSize());
        assertEquals(json.get("intermediate_size").getAsInt(), c.intermediateSize());
        assertEquals(json.get("num_hidden_layers").getAsInt(), c.numHiddenLayers());
        assertEquals(json.get("num_attention_heads").getAsInt(), c.numAttentionHeads());
        assertEquals(json.get("num_channels").getAsInt(), c.numChannels());
        assertEquals(json.get("image_size").getAsInt(), c.imageSize());
        assertEquals(json.get("patch_size").getAsInt(), c.patchSize());
        assertEquals(json.get("hidden_act").getAsString(), c.hiddenAct().name().toLowerCase());
        assertEquals(json.get("layer_norm_eps").getAsDouble(), c.layerNormEps());
    }

    @Test
    void tinyConfigMatchesTheGoldenTensorShapes() {
        ClipVisionConfig c = read(GoldenConfigs.config(GoldenConfigs.CLIP_VISION_TINY));
        // clip_vision_tiny output.last_hidden_state is [2, 257, 32]: 16x16 patches of 14 px, plus the class token.
        JsonArray shape = GoldenConfigs.document(GoldenConfigs.CLIP_VISION_TINY).getAsJsonObject("tensors")
                .getAsJsonObject("output.last_hidden_state").getAsJsonArray("shape");
        assertEquals(shape.get(1).getAsInt(), c.numPositions());
        assertEquals(shape.get(2).getAsInt(), c.hiddenSize());
        assertEquals(256, c.numPatches());
        assertEquals(8, c.headDim());
        assertEquals(ClipVisionConfig.Activation.QUICK_GELU, c.hiddenAct());
    }

    @Test
    void manifestEqualsTheBuiltInViTL14() {
        ClipVisionConfig manifest = read(GoldenConfigs.config(GoldenConfigs.CLIP_VIT_L14));
        ClipVisionConfig builtIn = ClipVisionConfig.clipVitLargePatch14();
        assertEquals(builtIn, manifest);
        assertEquals(builtIn.hashCode(), manifest.hashCode());
        // ViT-L/14 by hand: 1024 wide, 16 heads of 64, 24 layers, 257 tokens.
        assertEquals(64, builtIn.headDim());
        assertEquals(257, builtIn.numPositions());
        assertEquals(24, builtIn.numHiddenLayers());
        assertNotEquals(builtIn, read(GoldenConfigs.config(GoldenConfigs.CLIP_VISION_TINY)));
    }

    @Test
    void publishedClipConfigIsReadThroughItsPartialVisionConfigWithDefaults() {
        ClipVisionConfig c = read(JsonParser.parseString(PUBLISHED_CLIP_CONFIG).getAsJsonObject());
        assertEquals(ClipVisionConfig.clipVitLargePatch14(), c);
    }

    @Test
    void legacyVisionConfigDictIsIgnoredAsCLIPVisionModelFromPretrainedIgnoresIt() {
        JsonObject json = JsonParser.parseString(PUBLISHED_CLIP_CONFIG).getAsJsonObject();
        json.add("vision_config_dict", JsonParser.parseString("{\"hidden_size\": 768, \"patch_size\": 32}"));
        assertEquals(ClipVisionConfig.clipVitLargePatch14(), read(json));
    }

    @Test
    void nestedVisionConfigErrorsNameTheNestedField() {
        JsonObject json = JsonParser.parseString(PUBLISHED_CLIP_CONFIG).getAsJsonObject();
        json.getAsJsonObject("vision_config").addProperty("hidden_size", "large");
        Path file = GoldenConfigs.write(tmp.resolve("config.json"), json);
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ClipVisionConfig.read(file));
        assertEquals(Optional.of("vision_config.hidden_size"), e.field());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

        json.remove("vision_config");
        ModelConfigException missing = assertThrows(ModelConfigException.class, () -> read(json));
        assertEquals(Optional.of("vision_config"), missing.field());
    }

    @Test
    void emptyConfigTakesTheClipVisionConfigDefaults() {
        ClipVisionConfig c = read(new JsonObject());
        assertEquals(768, c.hiddenSize());
        assertEquals(3072, c.intermediateSize());
        assertEquals(12, c.numHiddenLayers());
        assertEquals(12, c.numAttentionHeads());
        assertEquals(3, c.numChannels());
        assertEquals(224, c.imageSize());
        assertEquals(32, c.patchSize());
        assertEquals(ClipVisionConfig.Activation.QUICK_GELU, c.hiddenAct());
        assertEquals(1e-5, c.layerNormEps());
        assertEquals(50, c.numPositions());
    }

    @Test
    void exactGeluIsSupported() {
        JsonObject json = GoldenConfigs.config(GoldenConfigs.CLIP_VISION_TINY);
        json.addProperty("hidden_act", "gelu");
        assertEquals(ClipVisionConfig.Activation.GELU, read(json).hiddenAct());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "hidden_act | \"relu\" | hidden_act",
        "hidden_act | \"gelu_new\" | hidden_act",
        "num_attention_heads | 5 | num_attention_heads",
        "patch_size | 300 | patch_size",
        "layer_norm_eps | 0 | layer_norm_eps",
        "hidden_size | 0 | hidden_size",
        "num_hidden_layers | 2.5 | num_hidden_layers",
        "model_type | \"clip_text_model\" | model_type"})
    void invalidOrUnsupportedValuesNameTheFileAndTheField(String key, String value, String field) {
        ConfigAssertions.assertRejected(GoldenConfigs.config(GoldenConfigs.CLIP_VISION_TINY), key, value,
                tmp.resolve("config.json"), ClipVisionConfig::read, field);
    }

    /** Values the old bounds let through although no vision tower this library runs has them. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "image_size | 65536 | image_size",
        "image_size | 1025 | image_size",
        "patch_size | 1 | patch_size",
        "patch_size | 3 | patch_size",
        "hidden_size | 65536 | hidden_size",
        "intermediate_size | 262144 | intermediate_size",
        "num_hidden_layers | 1024 | num_hidden_layers",
        "num_attention_heads | 32768 | num_attention_heads",
        "num_channels | 64 | num_channels",
        "num_channels | 1 | num_channels"})
    void extremeSizesAreRefused(String key, String value, String field) {
        ConfigAssertions.assertRejectedAtOnce(GoldenConfigs.config(GoldenConfigs.CLIP_VISION_TINY), key, value,
                tmp.resolve("config.json"), ClipVisionConfig::read, field);
    }

    @Test
    void theTokenCountIsBoundedAndCannotOverflow() {
        JsonObject json = GoldenConfigs.config(GoldenConfigs.CLIP_VISION_TINY);
        // 65536 / 1 = 65536 patches per side would be 2^32 tokens, 0 in int arithmetic.
        json.addProperty("image_size", 1024);
        json.addProperty("patch_size", 16);
        ClipVisionConfig largest = read(json);
        assertEquals(64 * 64 + 1, largest.numPositions());
        json.addProperty("patch_size", 15);
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> read(json));
        assertTrue(e.getMessage().contains("68 patches per side"), e.getMessage());
    }
}
