package dev.faceanon.djl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UNetConfigTest {

    @TempDir
    Path tmp;

    private UNetConfig readGolden(String golden) {
        return UNetConfig.read(GoldenConfigs.write(tmp.resolve("config.json"), GoldenConfigs.config(golden)));
    }

    private static List<Integer> ints(JsonElement e) {
        List<Integer> out = new ArrayList<>();
        e.getAsJsonArray().forEach(x -> out.add(x.getAsInt()));
        return out;
    }

    private static List<String> names(List<UNetBlockType> types) {
        return types.stream().map(UNetBlockType::diffusersName).toList();
    }

    private static List<String> strings(JsonElement e) {
        List<String> out = new ArrayList<>();
        e.getAsJsonArray().forEach(x -> out.add(x.getAsString()));
        return out;
    }

    /** Every typed value equals what Gson reads from the same serialised config. */
    private static void assertMatchesJson(JsonObject json, UNetConfig c) {
        assertEquals(Optional.of(json.get("_class_name").getAsString()), c.className());
        assertEquals(OptionalInt.of(json.get("sample_size").getAsInt()), c.sampleSize());
        assertEquals(json.get("in_channels").getAsInt(), c.inChannels());
        assertEquals(json.get("out_channels").getAsInt(), c.outChannels());
        assertEquals(strings(json.get("down_block_types")), names(c.downBlockTypes()));
        assertEquals(strings(json.get("up_block_types")), names(c.upBlockTypes()));
        assertEquals(json.get("mid_block_type").getAsString(), c.midBlockType().diffusersName());
        assertEquals(ints(json.get("block_out_channels")), c.blockOutChannels());
        int layers = json.get("layers_per_block").getAsInt();
        assertEquals(List.of(layers, layers, layers, layers), c.layersPerBlock());
        assertEquals(ints(json.get("attention_head_dim")), c.attentionHeadDim());
        assertTrue(json.get("num_attention_heads").isJsonNull());
        assertEquals(Optional.empty(), c.numAttentionHeadsSetting());
        assertEquals(ints(json.get("attention_head_dim")), c.numAttentionHeads());
        assertEquals(json.get("cross_attention_dim").getAsInt(), c.crossAttentionDim());
        assertEquals(json.get("upcast_attention").getAsBoolean(), c.upcastAttention());
        assertEquals(json.get("norm_num_groups").getAsInt(), c.normNumGroups());
        assertEquals(json.get("norm_eps").getAsDouble(), c.normEps());
        assertEquals(json.get("flip_sin_to_cos").getAsBoolean(), c.flipSinToCos());
        assertEquals(json.get("freq_shift").getAsDouble(), c.freqShift());
        assertEquals(json.get("downsample_padding").getAsInt(), c.downsamplePadding());
        assertEquals(json.get("mid_block_scale_factor").getAsDouble(), c.midBlockScaleFactor());
        assertEquals(json.get("conv_in_kernel").getAsInt(), c.convInKernel());
        assertEquals(json.get("conv_out_kernel").getAsInt(), c.convOutKernel());
    }

    @ParameterizedTest
    @ValueSource(strings = {GoldenConfigs.UNET_TINY, GoldenConfigs.REFERENCENET_TINY,
        GoldenConfigs.CONDITIONING_REFERENCENET_TINY, GoldenConfigs.UNET_SD21, GoldenConfigs.REFERENCENET_SD21})
    void readsEveryGoldenConfigAsSerialised(String golden) {
        assertMatchesJson(GoldenConfigs.config(golden), readGolden(golden));
    }

    @Test
    void tinyConfigHasTheHeadLayoutTheGoldenReadmeDocuments() {
        UNetConfig c = readGolden(GoldenConfigs.UNET_TINY);
        // golden README section 3: heads 1, 2, 4, 8; mid 8; up blocks reversed; head dims 16, 8, 8, 4.
        assertEquals(List.of(1, 2, 4, 8), c.numAttentionHeads());
        assertEquals(8, c.midBlockNumAttentionHeads());
        assertEquals(List.of(8, 4, 2, 1), c.upBlockNumAttentionHeads());
        List<Integer> headDims = new ArrayList<>();
        for (int i = 0; i < c.numBlocks(); i++) {
            headDims.add(c.blockOutChannels().get(i) / c.numAttentionHeads().get(i));
        }
        assertEquals(List.of(16, 8, 8, 4), headDims);
        assertEquals(4, c.normNumGroups());
        assertEquals(32, c.crossAttentionDim());
        assertEquals(64, c.timeEmbeddingDim()); // golden debug.time_embedding is [B,64]
        assertEquals(List.of(true, true, true, false),
                c.downBlockTypes().stream().map(UNetBlockType::hasAttention).toList());
        assertEquals(List.of(false, true, true, true),
                c.upBlockTypes().stream().map(UNetBlockType::hasAttention).toList());
    }

    @Test
    void fullSizeManifestsEqualTheBuiltInSd21Config() {
        UNetConfig unet = readGolden(GoldenConfigs.UNET_SD21);
        UNetConfig refnet = readGolden(GoldenConfigs.REFERENCENET_SD21);
        UNetConfig builtIn = UNetConfig.stableDiffusion21();
        assertEquals(builtIn, unet);
        assertEquals(builtIn.hashCode(), unet.hashCode());
        assertEquals(builtIn, refnet);
        assertEquals(Optional.of("UNet2DConditionModel"), unet.className());
        assertEquals(Optional.of("ReferenceNetModel"), refnet.className());
        // Spec section 1.2, by hand: 5/10/20/20 heads of width 64; mid 20; time embedding 1280.
        assertEquals(List.of(5, 10, 20, 20), builtIn.numAttentionHeads());
        for (int i = 0; i < 4; i++) {
            assertEquals(64, builtIn.blockOutChannels().get(i) / builtIn.numAttentionHeads().get(i));
        }
        assertEquals(20, builtIn.midBlockNumAttentionHeads());
        assertEquals(List.of(20, 20, 10, 5), builtIn.upBlockNumAttentionHeads());
        assertEquals(1280, builtIn.timeEmbeddingDim());
        assertEquals(1024, builtIn.crossAttentionDim());
        assertEquals(OptionalInt.of(96), builtIn.sampleSize());
        assertNotEquals(builtIn, readGolden(GoldenConfigs.UNET_TINY));
    }

    @Test
    void absentKeysTakeTheDiffusers0251Defaults() {
        // use_linear_projection must be given: its default (false) is the conv projection, rejected here.
        JsonObject json = JsonParser.parseString("{\"use_linear_projection\": true}").getAsJsonObject();
        UNetConfig c = UNetConfig.fromJson(json, tmp.resolve("config.json"));
        assertEquals(Optional.empty(), c.className());
        assertEquals(OptionalInt.empty(), c.sampleSize());
        assertEquals(4, c.inChannels());
        assertEquals(4, c.outChannels());
        assertEquals(List.of("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
                names(c.downBlockTypes()));
        assertEquals(UNetBlockType.UNET_MID_BLOCK_2D_CROSS_ATTN, c.midBlockType());
        assertEquals(List.of("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
                names(c.upBlockTypes()));
        assertEquals(List.of(320, 640, 1280, 1280), c.blockOutChannels());
        assertEquals(List.of(2, 2, 2, 2), c.layersPerBlock());
        assertEquals(List.of(8, 8, 8, 8), c.attentionHeadDim());
        assertEquals(List.of(8, 8, 8, 8), c.numAttentionHeads());
        assertEquals(1280, c.crossAttentionDim());
        assertEquals(false, c.upcastAttention());
        assertEquals(32, c.normNumGroups());
        assertEquals(1e-5, c.normEps());
        assertEquals(true, c.flipSinToCos());
        assertEquals(0.0, c.freqShift());
        assertEquals(1, c.downsamplePadding());
        assertEquals(1.0, c.midBlockScaleFactor());
        assertEquals(3, c.convInKernel());
        assertEquals(3, c.convOutKernel());
    }

    @Test
    void numAttentionHeadsWinsOverTheLegacyFieldAndIntegersExpandPerBlock() {
        JsonObject json = GoldenConfigs.config(GoldenConfigs.UNET_TINY);
        json.addProperty("attention_head_dim", 2);
        json.addProperty("layers_per_block", 1);
        UNetConfig legacy = UNetConfig.fromJson(json, tmp.resolve("a.json"));
        assertEquals(List.of(2, 2, 2, 2), legacy.numAttentionHeads());
        assertEquals(List.of(1, 1, 1, 1), legacy.layersPerBlock());

        json.add("num_attention_heads", JsonParser.parseString("[4, 4, 8, 2]"));
        UNetConfig explicit = UNetConfig.fromJson(json, tmp.resolve("b.json"));
        assertEquals(Optional.of(List.of(4, 4, 8, 2)), explicit.numAttentionHeadsSetting());
        assertEquals(List.of(4, 4, 8, 2), explicit.numAttentionHeads());
        assertEquals(List.of(2, 2, 2, 2), explicit.attentionHeadDim());
        assertEquals(2, explicit.midBlockNumAttentionHeads());
        assertEquals(List.of(2, 8, 4, 4), explicit.upBlockNumAttentionHeads());
        assertNotEquals(legacy, explicit);
    }

    @Test
    void equivalentSpellingsDiffusersAcceptsAreAccepted() {
        JsonObject json = GoldenConfigs.config(GoldenConfigs.UNET_TINY);
        json.add("down_block_types", JsonParser.parseString(
                "[\"UNetResCrossAttnDownBlock2D\", \"CrossAttnDownBlock2D\", \"CrossAttnDownBlock2D\", \"DownBlock2D\"]"));
        json.addProperty("act_fn", "swish");
        json.add("only_cross_attention", JsonParser.parseString("[false, false, false, false]"));
        json.add("transformer_layers_per_block", JsonParser.parseString("[1, 1, 1, 1]"));
        json.add("cross_attention_dim", JsonParser.parseString("[32, 32, 32, 32]"));
        json.add("layers_per_block", JsonParser.parseString("[2, 2, 2, 2]"));
        UNetConfig c = UNetConfig.fromJson(json, tmp.resolve("config.json"));
        assertEquals(readGolden(GoldenConfigs.UNET_TINY), c);
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                // block types and counts
                Arguments.of("down_block_types", "[\"CrossAttnDownBlock2D\", \"CrossAttnDownBlock2D\","
                        + " \"CrossAttnDownBlock2D\", \"AttnDownBlock2D\"]", "down_block_types"),
                Arguments.of("down_block_types", "[\"CrossAttnUpBlock2D\", \"CrossAttnDownBlock2D\","
                        + " \"CrossAttnDownBlock2D\", \"DownBlock2D\"]", "down_block_types"),
                Arguments.of("down_block_types", "[]", "down_block_types"),
                Arguments.of("up_block_types", "[\"AttnUpBlock2D\", \"CrossAttnUpBlock2D\", \"CrossAttnUpBlock2D\","
                        + " \"CrossAttnUpBlock2D\"]", "up_block_types"),
                Arguments.of("up_block_types", "[\"UpBlock2D\", \"CrossAttnUpBlock2D\", \"CrossAttnUpBlock2D\"]",
                        "up_block_types"),
                Arguments.of("mid_block_type", "\"UNetMidBlock2DSimpleCrossAttn\"", "mid_block_type"),
                Arguments.of("mid_block_type", "null", "mid_block_type"),
                Arguments.of("block_out_channels", "[16, 16, 32]", "block_out_channels"),
                Arguments.of("block_out_channels", "[16, 0, 32, 32]", "block_out_channels[1]"),
                Arguments.of("attention_head_dim", "[1, 2, 4]", "attention_head_dim"),
                Arguments.of("layers_per_block", "[2, 2, 2, 2, 2]", "layers_per_block"),
                Arguments.of("layers_per_block", "0", "layers_per_block"),
                Arguments.of("cross_attention_dim", "[32, 32, 16, 32]", "cross_attention_dim"),
                // divisibility
                Arguments.of("norm_num_groups", "3", "norm_num_groups"),
                Arguments.of("attention_head_dim", "[3, 2, 4, 8]", "attention_head_dim"),
                Arguments.of("attention_head_dim", "[1, 2, 4, 5]", "attention_head_dim"), // only the mid block fails
                Arguments.of("num_attention_heads", "[1, 3, 4, 8]", "num_attention_heads"),
                // features this library does not implement
                Arguments.of("class_embed_type", "\"timestep\"", "class_embed_type"),
                Arguments.of("num_class_embeds", "10", "num_class_embeds"),
                Arguments.of("addition_embed_type", "\"text\"", "addition_embed_type"),
                Arguments.of("encoder_hid_dim", "32", "encoder_hid_dim"),
                Arguments.of("encoder_hid_dim_type", "\"text_proj\"", "encoder_hid_dim_type"),
                Arguments.of("time_cond_proj_dim", "256", "time_cond_proj_dim"),
                Arguments.of("time_embedding_dim", "64", "time_embedding_dim"),
                Arguments.of("time_embedding_act_fn", "\"silu\"", "time_embedding_act_fn"),
                Arguments.of("timestep_post_act", "\"silu\"", "timestep_post_act"),
                Arguments.of("cross_attention_norm", "\"group_norm\"", "cross_attention_norm"),
                Arguments.of("reverse_transformer_layers_per_block", "[[1], [1], [1], [1]]",
                        "reverse_transformer_layers_per_block"),
                Arguments.of("dual_cross_attention", "true", "dual_cross_attention"),
                Arguments.of("center_input_sample", "true", "center_input_sample"),
                Arguments.of("class_embeddings_concat", "true", "class_embeddings_concat"),
                Arguments.of("resnet_skip_time_act", "true", "resnet_skip_time_act"),
                Arguments.of("use_linear_projection", "false", "use_linear_projection"),
                Arguments.of("only_cross_attention", "true", "only_cross_attention"),
                Arguments.of("only_cross_attention", "[false, true, false, false]", "only_cross_attention"),
                Arguments.of("act_fn", "\"gelu\"", "act_fn"),
                Arguments.of("resnet_time_scale_shift", "\"scale_shift\"", "resnet_time_scale_shift"),
                Arguments.of("time_embedding_type", "\"fourier\"", "time_embedding_type"),
                Arguments.of("attention_type", "\"gated\"", "attention_type"),
                Arguments.of("resnet_out_scale_factor", "2.0", "resnet_out_scale_factor"),
                Arguments.of("transformer_layers_per_block", "2", "transformer_layers_per_block"),
                Arguments.of("transformer_layers_per_block", "[1, 1, 2, 1]", "transformer_layers_per_block"),
                // malformed values
                Arguments.of("in_channels", "0", "in_channels"),
                Arguments.of("in_channels", "4.5", "in_channels"),
                Arguments.of("in_channels", "\"4\"", "in_channels"),
                Arguments.of("in_channels", "null", "in_channels"),
                Arguments.of("conv_in_kernel", "2", "conv_in_kernel"),
                Arguments.of("norm_eps", "0", "norm_eps"),
                Arguments.of("freq_shift", "8", "freq_shift"),
                Arguments.of("upcast_attention", "\"yes\"", "upcast_attention"),
                Arguments.of("sample_size", "\"big\"", "sample_size"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidConfigs")
    void invalidOrUnsupportedValuesNameTheFileAndTheField(String key, String value, String field) {
        ConfigAssertions.assertRejected(GoldenConfigs.config(GoldenConfigs.UNET_TINY), key, value,
                tmp.resolve("unet/config.json"), UNetConfig::read, field);
    }

    /** Values the old bounds let through although no denoiser this library runs has them. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "in_channels | 65536 | in_channels",
        "out_channels | 65 | out_channels",
        "sample_size | 65536 | sample_size",
        "block_out_channels | [65536, 65536, 65536, 65536] | block_out_channels[0]",
        "cross_attention_dim | 65536 | cross_attention_dim",
        "layers_per_block | 64 | layers_per_block",
        "layers_per_block | [2, 2, 17, 2] | layers_per_block[2]",
        "attention_head_dim | 512 | attention_head_dim",
        "num_attention_heads | 4096 | num_attention_heads",
        "transformer_layers_per_block | 64 | transformer_layers_per_block",
        // Diffusers' down-sampler implements padding 0 and 1 only.
        "downsample_padding | 2 | downsample_padding",
        "downsample_padding | 8 | downsample_padding"})
    void extremeSizesAreRefused(String key, String value, String field) {
        ConfigAssertions.assertRejectedAtOnce(GoldenConfigs.config(GoldenConfigs.UNET_TINY), key, value,
                tmp.resolve("unet/config.json"), UNetConfig::read, field);
    }

    @Test
    void anOddFirstWidthIsRefusedBecauseTheTimestepEmbeddingIsHalfSinesHalfCosines() {
        JsonObject json = GoldenConfigs.config(GoldenConfigs.UNET_TINY);
        json.addProperty("norm_num_groups", 1);
        json.addProperty("attention_head_dim", 1);
        json.add("block_out_channels", JsonParser.parseString("[33, 34, 34, 34]"));
        Path file = GoldenConfigs.write(tmp.resolve("unet/config.json"), json);
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> UNetConfig.read(file));
        ConfigAssertions.assertNamesFileAndField(e, file, "block_out_channels");
        assertTrue(e.getMessage().contains("odd width 33"), e.getMessage());
        json.add("block_out_channels", JsonParser.parseString("[34, 34, 34, 34]"));
        assertEquals(136, UNetConfig.read(GoldenConfigs.write(file, json)).timeEmbeddingDim());
    }

    @Test
    void unsupportedFeatureMessagesSayWhatIsSupported() {
        JsonObject json = GoldenConfigs.config(GoldenConfigs.UNET_TINY);
        json.add("down_block_types", JsonParser.parseString(
                "[\"CrossAttnDownBlock2D\", \"CrossAttnDownBlock2D\", \"CrossAttnDownBlock2D\", \"AttnDownBlock2D\"]"));
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> UNetConfig.fromJson(json, tmp.resolve("config.json")));
        assertTrue(e.getMessage().contains("AttnDownBlock2D") && e.getMessage().contains(
                "supported: CrossAttnDownBlock2D, DownBlock2D"), e.getMessage());

        JsonObject conv = GoldenConfigs.config(GoldenConfigs.UNET_TINY);
        conv.addProperty("use_linear_projection", false);
        e = assertThrows(ModelConfigException.class, () -> UNetConfig.fromJson(conv, tmp.resolve("config.json")));
        assertTrue(e.getMessage().contains("1x1-convolution") && e.getMessage().contains("must be true"),
                e.getMessage());
    }

    @Test
    void missingDirectoryAndWrongConfigFilesAreReported() {
        Path file = tmp.resolve("unet/config.json");
        MissingModelFileException missing = assertThrows(MissingModelFileException.class, () -> UNetConfig.read(file));
        assertTrue(missing.getMessage().contains("UNet2DConditionModel config.json"), missing.getMessage());

        GoldenConfigs.write(file, new JsonObject());
        ModelConfigException dir = assertThrows(ModelConfigException.class, () -> UNetConfig.read(file.getParent()));
        assertEquals(Optional.empty(), dir.field());

        // A VAE config where the UNet config belongs fails on its block types, not later.
        JsonObject vae = GoldenConfigs.config(GoldenConfigs.VAE_TINY);
        vae.addProperty("use_linear_projection", true);
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> UNetConfig.read(GoldenConfigs.write(file, vae)));
        assertEquals(Optional.of("down_block_types"), e.field());
    }
}
