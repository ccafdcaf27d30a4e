package dev.faceanon.djl.imagegolden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faceanon.djl.config.ClipPreprocessorConfig;
import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.golden.Tolerance;
import dev.faceanon.image.ClipImagePreprocessor;
import dev.faceanon.image.ClipImageSettings;
import dev.faceanon.image.ClipPixels;
import dev.faceanon.image.ModelFrame;
import dev.faceanon.image.ResampleFilter;
import dev.faceanon.image.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The conditioning image path (VaeImageProcessor resize, CLIPImageProcessor) against the
 * {@code clip_vision_tiny} golden's {@code preprocess.ex*} examples, which the official code
 * produced with Pillow 9.4 and transformers. The 8-bit intermediates must match exactly, the pixel
 * values within 1e-6 (golden README §7). The held-out set stores no intermediates; its examples are
 * then checked through their sizes and the pixel values alone.
 */
class ClipPreprocessGoldenTest {

    private static final Tolerance PIXEL_VALUES = new Tolerance(1e-6, 0);

    @Test
    void everyPreprocessExampleMatches() {
        try (GoldenCase golden = GoldenDirectory.fromSystemProperty().open("clip_vision_tiny")) {
            JsonArray examples = golden.sidecar().getAsJsonArray("preprocess_examples");
            assertTrue(examples.size() >= 2, "expected at least two preprocessing examples");
            ClipImagePreprocessor clip = new ClipImagePreprocessor(settings(golden));
            for (int i = 0; i < examples.size(); i++) {
                check(golden, "preprocess.ex" + i + ".", examples.get(i).getAsJsonObject(), clip);
            }
        }
    }

    /** The golden's processor config is the published CLIP one, so the built-in settings match it. */
    @Test
    void goldenProcessorConfigIsOpenAiClip() {
        try (GoldenCase golden = GoldenDirectory.fromSystemProperty().open("clip_vision_tiny")) {
            assertEquals(ClipImageSettings.openAiClip(), settings(golden));
        }
    }

    private static void check(GoldenCase golden, String prefix, JsonObject example, ClipImagePreprocessor clip) {
        RgbImage input = golden.rgbImage(prefix + "input.image_u8");
        JsonArray inputHw = example.getAsJsonArray("input_hw");
        assertEquals(inputHw.get(0).getAsInt(), input.height(), prefix + "input height");
        assertEquals(inputHw.get(1).getAsInt(), input.width(), prefix + "input width");

        ModelFrame frame = ModelFrame.of(input, optionalInt(example.get("width_arg")),
                optionalInt(example.get("height_arg")), ModelFrame.VAE_SCALE_FACTOR);
        JsonArray vaeHw = example.getAsJsonArray("vae_processor_size_hw");
        assertEquals(vaeHw.get(0).getAsInt(), frame.modelHeight(), prefix + "model height");
        assertEquals(vaeHw.get(1).getAsInt(), frame.modelWidth(), prefix + "model width");
        assertEquals(example.get("vae_processor_resized").getAsBoolean(), frame.resizes(), prefix + "resized");
        RgbImage model = frame.toModel(input);
        if (golden.has(prefix + "trace.vae_resized_u8")) {
            GoldenImages.assertSame(golden.rgbImage(prefix + "trace.vae_resized_u8"), model,
                    prefix + "vae_resized_u8 (Pillow LANCZOS)");
        }

        ClipPixels pixels = clip.preprocess(model);
        JsonArray clipHw = example.getAsJsonArray("clip_resized_hw");
        assertEquals(clipHw.get(0).getAsInt(), pixels.resized().height(), prefix + "CLIP resized height");
        assertEquals(clipHw.get(1).getAsInt(), pixels.resized().width(), prefix + "CLIP resized width");
        if (golden.has(prefix + "trace.clip_resized_u8")) {
            GoldenImages.assertSame(golden.rgbImage(prefix + "trace.clip_resized_u8"), pixels.resized(),
                    prefix + "clip_resized_u8 (Pillow BICUBIC)");
        }
        String name = prefix + "output.pixel_values";
        long[] shape = golden.info(name).shape();
        assertEquals(List.of(1L, 3L, (long) pixels.height(), (long) pixels.width()),
                List.of(shape[0], shape[1], shape[2], shape[3]), name + " shape");
        Comparison c = PIXEL_VALUES.compare(pixels.pixelValues(), golden.floats(name));
        assertTrue(c.passed(), name + ": " + c.summary());
    }

    /** Maps the validated transformers config onto the core settings, as the backend does. */
    private static ClipImageSettings settings(GoldenCase golden) {
        ClipPreprocessorConfig config = ClipPreprocessorConfig.fromJson(
                golden.sidecar().getAsJsonObject("clip_image_processor_config"),
                Path.of(golden.name() + ".json#clip_image_processor_config"));
        return config.toImageSettings();
    }

    private static OptionalInt optionalInt(JsonElement e) {
        return e == null || e.isJsonNull() ? OptionalInt.empty() : OptionalInt.of(e.getAsInt());
    }
}
