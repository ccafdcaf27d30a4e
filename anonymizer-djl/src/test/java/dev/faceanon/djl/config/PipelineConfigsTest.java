package dev.faceanon.djl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.model.ModelConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configs of the pipeline's networks, each valid alone, must describe networks that fit together. */
class PipelineConfigsTest {

    private static final String TINY = "/dev/faceanon/djl/model/tiny-random/";

    @TempDir
    Path tmp;

    /** The tiny-random model's configs as files, one of them edited. */
    private final class Files {
        JsonObject unet = resource("unet_config.json");
        JsonObject referenceNet = resource("referencenet_config.json");
        JsonObject conditioningReferenceNet = resource("referencenet_config.json");
        JsonObject vae = resource("vae_config.json");
        JsonObject clip = resource("clip_config.json");
        JsonObject preprocessor = resource("preprocessor_config.json");
        JsonObject scheduler = resource("scheduler_config.json");

        Path path(String name) {
            return tmp.resolve(name);
        }

        PipelineConfigs check() {
            return PipelineConfigs.of(
                    UNetConfig.read(GoldenConfigs.write(path("unet/config.json"), unet)),
                    UNetConfig.read(GoldenConfigs.write(path("referencenet/config.json"), referenceNet)),
                    UNetConfig.read(GoldenConfigs.write(path("conditioning_referencenet/config.json"),
                            conditioningReferenceNet)),
                    VaeConfig.read(GoldenConfigs.write(path("vae/config.json"), vae)),
                    ClipVisionConfig.read(GoldenConfigs.write(path("clip/config.json"), clip)),
                    ClipPreprocessorConfig.read(GoldenConfigs.write(path("clip/preprocessor_config.json"),
                            preprocessor)),
                    SchedulerConfig.read(GoldenConfigs.write(path("scheduler/scheduler_config.json"), scheduler)));
        }
    }

    private static JsonObject resource(String name) {
        try (InputStream in = PipelineConfigsTest.class.getResourceAsStream(TINY + name)) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertRefused(Consumer<Files> edit, String file, String field, String... fragments) {
        Files f = new Files();
        edit.accept(f);
        ModelConfigException e = assertThrows(ModelConfigException.class, f::check);
        ConfigAssertions.assertNamesFileAndField(e, f.path(file), field);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
        }
    }

    @Test
    void theTinyRandomModelFitsTogether() {
        PipelineConfigs c = new Files().check();
        assertEquals(224, c.clipImageSettings().cropWidth());
        assertEquals(c.clipVision().hiddenSize(), c.unet().crossAttentionDim());
        assertEquals(c.vae().latentChannels(), c.unet().inChannels());
    }

    @Test
    void theClipCropMustBeTheVisionModelsImageSize() {
        // 256 is within every bound of the preprocessor config, but the vision model takes 224x224.
        assertRefused(f -> {
            f.preprocessor.addProperty("crop_size", 256);
            f.preprocessor.addProperty("size", 256);
        }, "clip/preprocessor_config.json", "crop_size", "256x256", "224x224", "clip/config.json");
        assertRefused(f -> f.clip.addProperty("image_size", 448), "clip/preprocessor_config.json", "crop_size",
                "448x448");
    }

    @Test
    void everyCrossAttentionReadsTheClipToken() {
        assertRefused(f -> f.unet.addProperty("cross_attention_dim", 64), "unet/config.json", "cross_attention_dim",
                "hidden_size 32");
        assertRefused(f -> f.conditioningReferenceNet.addProperty("cross_attention_dim", 16),
                "conditioning_referencenet/config.json", "cross_attention_dim");
        assertRefused(f -> {
            f.clip.addProperty("hidden_size", 64);
            f.clip.addProperty("intermediate_size", 128);
        }, "unet/config.json", "cross_attention_dim", "clip/config.json");
    }

    @Test
    void theUNetsTakeTheVaesLatents() {
        assertRefused(f -> f.vae.addProperty("latent_channels", 8), "unet/config.json", "in_channels",
                "latent_channels is 8", "vae/config.json");
        assertRefused(f -> f.unet.addProperty("out_channels", 8), "unet/config.json", "out_channels");
        assertRefused(f -> f.referenceNet.addProperty("in_channels", 9), "referencenet/config.json", "in_channels");
    }

    @Test
    void theVaeCodesRgbImages() {
        assertRefused(f -> f.vae.addProperty("in_channels", 4), "vae/config.json", "in_channels", "RGB");
        assertRefused(f -> f.vae.addProperty("out_channels", 1), "vae/config.json", "out_channels", "RGB");
    }

    @Test
    void referenceNetsHaveTheUNetsBlocks() {
        assertRefused(f -> f.referenceNet.add("block_out_channels", JsonParser.parseString("[16, 16, 32, 64]")),
                "referencenet/config.json", "block_out_channels", "unet/config.json");
        assertRefused(f -> f.conditioningReferenceNet.addProperty("layers_per_block", 1),
                "conditioning_referencenet/config.json", "layers_per_block");
        assertRefused(f -> f.referenceNet.add("down_block_types", JsonParser.parseString(
                "[\"CrossAttnDownBlock2D\", \"CrossAttnDownBlock2D\", \"DownBlock2D\", \"DownBlock2D\"]")),
                "referencenet/config.json", "down_block_types");
    }
}
