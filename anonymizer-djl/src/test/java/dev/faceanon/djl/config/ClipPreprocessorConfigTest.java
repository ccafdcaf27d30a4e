package dev.faceanon.djl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.config.ClipPreprocessorConfig.ImageSize;
import dev.faceanon.djl.config.ClipPreprocessorConfig.PilResample;
import dev.faceanon.djl.config.ClipPreprocessorConfig.ShortestEdge;
import dev.faceanon.model.ModelConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClipPreprocessorConfigTest {

    @TempDir
    Path tmp;

    /** The openai/clip-vit-large-patch14 preprocessor_config.json as the golden generator used it. */
    private static JsonObject published() {
        return GoldenConfigs.document(GoldenConfigs.CLIP_VISION_TINY).getAsJsonObject("clip_image_processor_config");
    }

    private ClipPreprocessorConfig read(JsonObject json) {
        return ClipPreprocessorConfig.read(GoldenConfigs.write(tmp.resolve("preprocessor_config.json"), json));
    }

    private static List<Double> doubles(JsonObject json, String key) {
        List<Double> out = new ArrayList<>();
        json.getAsJsonArray(key).forEach(e -> out.add(e.getAsDouble()));
        return out;
    }

    @Test
    void publishedLegacyFileIsReadWithDefaultsForWhatItOmits() {
        JsonObject json = published();
        ClipPreprocessorConfig c = read(json);
        assertEquals(new ShortestEdge(json.get("size").getAsInt()), c.size());
        assertEquals(new ImageSize(json.get("crop_size").getAsInt(), json.get("crop_size").getAsInt()), c.cropSize());
        assertEquals(json.get("resample").getAsInt(), c.resample().pilCode());
        assertEquals(PilResample.BICUBIC, c.resample());
        assertEquals(json.get("do_resize").getAsBoolean(), c.doResize());
        assertEquals(json.get("do_center_crop").getAsBoolean(), c.doCenterCrop());
        assertEquals(json.get("do_normalize").getAsBoolean(), c.doNormalize());
        assertEquals(doubles(json, "image_mean"), c.imageMean());
        assertEquals(doubles(json, "image_std"), c.imageStd());
        // Not in the legacy file: CLIPImageProcessor defaults.
        assertTrue(c.doRescale());
        assertEquals(1.0 / 255, c.rescaleFactor());
        assertTrue(c.doConvertRgb());
        assertEquals(ClipPreprocessorConfig.clipVitLargePatch14(), c);
        assertEquals(ClipPreprocessorConfig.clipVitLargePatch14().hashCode(), c.hashCode());
    }

    @Test
    void currentDictFormEqualsTheLegacyForm() {
        JsonObject current = JsonParser.parseString("""
                {"crop_size": {"height": 224, "width": 224}, "do_center_crop": true, "do_convert_rgb": true,
                 "do_normalize": true, "do_rescale": true, "do_resize": true,
                 "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_processor_type": "CLIPImageProcessor",
                 "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3,
                 "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 224}}
                """).getAsJsonObject();
        assertEquals(read(published()), read(current));
    }

    @Test
    void emptyFileTakesTheClipImageProcessorDefaultsWhichAreOpenAisValues() {
        assertEquals(ClipPreprocessorConfig.clipVitLargePatch14(), read(new JsonObject()));
    }

    @Test
    void sizeFormsFollowTransformers() {
        JsonObject json = published();
        json.add("size", JsonParser.parseString("{\"height\": 256, \"width\": 192}"));
        json.add("crop_size", JsonParser.parseString("[100, 80]"));
        json.addProperty("image_mean", 0.5);
        ClipPreprocessorConfig c = read(json);
        assertEquals(new ImageSize(256, 192), c.size());
        assertEquals(new ImageSize(100, 80), c.cropSize());
        assertEquals(List.of(0.5, 0.5, 0.5), c.imageMean());

        json.add("size", JsonParser.parseString("{\"shortest_edge\": 300, \"height\": 256, \"width\": 192}"));
        json.add("crop_size", JsonParser.parseString("96"));
        c = read(json);
        assertEquals(new ShortestEdge(300), c.size(), "shortest_edge wins, as in CLIPImageProcessor.resize");
        assertEquals(new ImageSize(96, 96), c.cropSize(), "an integer crop size is a square");

        json.add("size", JsonParser.parseString("[300, 200]"));
        assertEquals(new ImageSize(300, 200), read(json).size());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "resample | 6 | resample",
        "resample | -1 | resample",
        "size | {\"longest_edge\": 224} | size",
        "size | 0 | size",
        "size | [224] | size",
        "size | {\"shortest_edge\": \"224\"} | size.shortest_edge",
        "crop_size | {\"height\": 224} | crop_size.width",
        "image_std | [0.2, 0, 0.3] | image_std[1]",
        "image_mean | [0.5, 0.5] | image_mean",
        "rescale_factor | 0 | rescale_factor",
        "do_resize | \"yes\" | do_resize"})
    void invalidValuesNameTheFileAndTheField(String key, String value, String field) {
        ConfigAssertions.assertRejected(published(), key, value, tmp.resolve("preprocessor_config.json"),
                ClipPreprocessorConfig::read, field);
    }

    /**
     * Issue 11, item 6: size and crop_size 16384 (inside the old bound) made preprocessing allocate
     * gigabytes and end in OutOfMemoryError. The file is now refused at once, naming it and the field.
     */
    @Test
    void hugeSizeAndCropSizeAreRefusedAtOnceNamingTheFileAndField() {
        JsonObject json = published();
        json.addProperty("size", 16384);
        json.addProperty("crop_size", 16384);
        Path file = GoldenConfigs.write(tmp.resolve("clip-vit-large-patch14/preprocessor_config.json"), json);
        ModelConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(ModelConfigException.class, () -> ClipPreprocessorConfig.read(file)));
        ConfigAssertions.assertNamesFileAndField(e, file, "crop_size");
        assertTrue(e.getMessage().contains("16384") && e.getMessage().contains("1024"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        // The crop is at most the largest CLIP input, in every form.
        "crop_size | 1025 | crop_size",
        "crop_size | {\"height\": 224, \"width\": 16384} | crop_size.width",
        "crop_size | [16384, 224] | crop_size[0]",
        "crop_size | 2147483647 | crop_size",
        // A resize side is at most 4 times the (default 224) crop: 896.
        "size | 897 | size",
        "size | 16384 | size",
        "size | {\"shortest_edge\": 4096} | size.shortest_edge",
        "size | {\"height\": 224, \"width\": 100000} | size.width",
        "size | [100000, 224] | size[0]"})
    void sizesBeyondWhatTheEncoderCanUseAreRefused(String key, String value, String field) {
        JsonObject json = published();
        json.remove("crop_size");
        ModelConfigException e = ConfigAssertions.assertRejectedAtOnce(json, key, value,
                tmp.resolve("preprocessor_config.json"), ClipPreprocessorConfig::read, field);
        assertTrue(e.getMessage().contains("more than the"), e.getMessage());
    }

    @Test
    void theLargestSizesAreAccepted() {
        JsonObject json = published();
        json.addProperty("crop_size", 1024);
        json.addProperty("size", 4096);
        ClipPreprocessorConfig c = read(json);
        assertEquals(new ImageSize(1024, 1024), c.cropSize());
        assertEquals(new ShortestEdge(4096), c.size());
        json.add("crop_size", JsonParser.parseString("[224, 100]"));
        json.addProperty("size", 896);
        assertEquals(new ShortestEdge(896), read(json).size());
    }

    @Test
    void theCropMustBeTheVisionModelsImageSize() {
        ClipVisionConfig vision = ClipVisionConfig.clipVitLargePatch14();
        assertEquals(224, ClipPreprocessorConfig.clipVitLargePatch14().toImageSettings(vision).cropWidth());
        JsonObject json = published();
        json.addProperty("crop_size", 256);
        json.addProperty("size", 256);
        Path file = GoldenConfigs.write(tmp.resolve("preprocessor_config.json"), json);
        ClipPreprocessorConfig c = ClipPreprocessorConfig.read(file);
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> c.toImageSettings(vision));
        ConfigAssertions.assertNamesFileAndField(e, file, "crop_size");
        assertTrue(e.getMessage().contains("256x256") && e.getMessage().contains("224x224")
                && e.getMessage().contains(vision.source().toString()), e.getMessage());
        json.add("crop_size", JsonParser.parseString("{\"height\": 224, \"width\": 200}"));
        ClipPreprocessorConfig narrow = read(json);
        assertThrows(ModelConfigException.class, () -> narrow.toImageSettings(vision));
    }

    @Test
    void valueTypesRejectNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSize(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new ShortestEdge(-1));
    }
}
