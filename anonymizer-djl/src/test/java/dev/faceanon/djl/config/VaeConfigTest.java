package dev.faceanon.djl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VaeConfigTest {

    @TempDir
    Path tmp;

    private VaeConfig read(JsonObject json) {
        return VaeConfig.read(GoldenConfigs.write(tmp.resolve("vae/config.json"), json));
    }

    @ParameterizedTest
    @ValueSource(strings = {GoldenConfigs.VAE_TINY, GoldenConfigs.VAE_SD21})
    void readsGoldenConfigsAsSerialised(String golden) {
        JsonObject json = GoldenConfigs.config(golden);
        VaeConfig c = read(json);
        assertEquals(Optional.of(json.get("_class_name").getAsString()), c.className());
        assertEquals(json.get("in_channels").getAsInt(), c.inChannels());
        assertEquals(json.get("out_channels").getAsInt(), c.outChannels());
        List<Integer> widths = new ArrayList<>();
        json.getAsJsonArray("block_out_channels").forEach(e -> widths.add(e.getAsInt()));
        assertEquals(widths, c.blockOutChannels());
        assertEquals(json.getAsJsonArray("down_block_types").size(), c.numBlocks());
        assertEquals(json.get("layers_per_block").getAsInt(), c.layersPerBlock());
        assertEquals(json.get("latent_channels").getAsInt(), c.latentChannels());
        assertEquals(json.get("norm_num_groups").getAsInt(), c.normNumGroups());
        assertEquals(json.get("sample_size").getAsInt(), c.sampleSize());
        assertEquals(json.get("scaling_factor").getAsDouble(), c.scalingFactor());
        assertEquals(json.get("force_upcast").getAsBoolean(), c.forceUpcast());
    }

    @Test
    void fullSizeManifestEqualsTheBuiltInSd21Config() {
        VaeConfig manifest = read(GoldenConfigs.config(GoldenConfigs.VAE_SD21));
        VaeConfig builtIn = VaeConfig.stableDiffusion21();
        assertEquals(builtIn, manifest);
        assertEquals(builtIn.hashCode(), manifest.hashCode());
        // Spec section 1.3 by hand: 4 blocks, 128..512, latent scale 8, scaling 0.18215.
        assertEquals(List.of(128, 256, 512, 512), builtIn.blockOutChannels());
        assertEquals(8, builtIn.downsampleFactor());
        assertEquals(0.18215, builtIn.scalingFactor());
        assertEquals(768, builtIn.sampleSize());
        assertNotEquals(builtIn, read(GoldenConfigs.config(GoldenConfigs.VAE_TINY)));
    }

    @Test
    void absentScalingFactorDefaultsTo018215AsInThePublishedSd21File() {
        JsonObject json = GoldenConfigs.config(GoldenConfigs.VAE_SD21);
        json.remove("scaling_factor");
        assertEquals(0.18215, read(json).scalingFactor());
        json.addProperty("scaling_factor", 0.13025);
        assertEquals(0.13025, read(json).scalingFactor());
    }

    @Test
    void emptyConfigTakesTheAutoencoderKlDefaults() {
        VaeConfig c = read(new JsonObject());
        assertEquals(3, c.inChannels());
        assertEquals(3, c.outChannels());
        assertEquals(List.of(64), c.blockOutChannels());
        assertEquals(1, c.layersPerBlock());
        assertEquals(4, c.latentChannels());
        assertEquals(32, c.normNumGroups());
        assertEquals(32, c.sampleSize());
        assertEquals(0.18215, c.scalingFactor());
        assertEquals(true, c.forceUpcast());
        assertEquals(1, c.downsampleFactor());
    }

    @Test
    void laterDiffusersKeysAreAcceptedAtTheir025Meaning() {
        JsonObject json = GoldenConfigs.config(GoldenConfigs.VAE_TINY);
        json.addProperty("use_quant_conv", true);
        json.addProperty("use_post_quant_conv", true);
        json.addProperty("mid_block_add_attention", true);
        json.addProperty("act_fn", "swish");
        assertEquals(read(GoldenConfigs.config(GoldenConfigs.VAE_TINY)), read(json));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "down_block_types | [\"DownBlock2D\", \"DownEncoderBlock2D\", \"DownEncoderBlock2D\", \"DownEncoderBlock2D\"]"
            + " | down_block_types",
        "up_block_types | [\"UpDecoderBlock2D\", \"UpDecoderBlock2D\", \"UpDecoderBlock2D\"] | up_block_types",
        "up_block_types | [\"UpDecoderBlock2D\", \"UpDecoderBlock2D\", \"UpDecoderBlock2D\", \"AttnUpDecoderBlock2D\"]"
            + " | up_block_types",
        "block_out_channels | [16, 32, 32] | down_block_types",
        "block_out_channels | [] | block_out_channels",
        "norm_num_groups | 3 | norm_num_groups",
        "act_fn | \"relu\" | act_fn",
        "use_quant_conv | false | use_quant_conv",
        "use_post_quant_conv | false | use_post_quant_conv",
        "mid_block_add_attention | false | mid_block_add_attention",
        "scaling_factor | 0 | scaling_factor",
        "scaling_factor | -0.18215 | scaling_factor",
        "latent_channels | 0 | latent_channels",
        "layers_per_block | [2, 2, 2, 2] | layers_per_block",
        "force_upcast | 1 | force_upcast"})
    void invalidOrUnsupportedValuesNameTheFileAndTheField(String key, String value, String field) {
        ConfigAssertions.assertRejected(GoldenConfigs.config(GoldenConfigs.VAE_TINY), key, value,
                tmp.resolve("vae/config.json"), VaeConfig::read, field);
    }

    /** Values the old bounds let through although no VAE this library runs has them. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "in_channels | 65536 | in_channels",
        "out_channels | 65 | out_channels",
        "latent_channels | 65536 | latent_channels",
        "sample_size | 65536 | sample_size",
        "layers_per_block | 64 | layers_per_block",
        "block_out_channels | [65536, 65536, 65536, 65536] | block_out_channels[0]"})
    void extremeSizesAreRefused(String key, String value, String field) {
        ConfigAssertions.assertRejectedAtOnce(GoldenConfigs.config(GoldenConfigs.VAE_TINY), key, value,
                tmp.resolve("vae/config.json"), VaeConfig::read, field);
    }
}
