package dev.faceanon.djl.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real configs the golden generator serialised with diffusers / transformers: the {@code config}
 * object of a golden sidecar or manifest, written back to disk as a config file when a test needs one.
 */
public final class GoldenConfigs {

    /** Tiny UNet config (diffusers UNet2DConditionModel, SD-2.1 config with tiny overrides). */
    public static final String UNET_TINY = "unet_tiny.json";
    /** Tiny ReferenceNet config. */
    public static final String REFERENCENET_TINY = "referencenet_tiny.json";
    /** Tiny conditioning ReferenceNet config. */
    public static final String CONDITIONING_REFERENCENET_TINY = "pipeline_tiny_conditioning_referencenet.json";
    /** Tiny AutoencoderKL config. */
    public static final String VAE_TINY = "vae_tiny.json";
    /** Tiny CLIPVisionConfig dict. */
    public static final String CLIP_VISION_TINY = "clip_vision_tiny.json";
    /** Full-size SD-2.1 / face-anon UNet config. */
    public static final String UNET_SD21 = "manifests/unet_sd21_face_anon_keys.json";
    /** Full-size face-anon ReferenceNet config. */
    public static final String REFERENCENET_SD21 = "manifests/referencenet_sd21_face_anon_keys.json";
    /** Full-size SD-2.1 VAE config. */
    public static final String VAE_SD21 = "manifests/vae_sd21_keys.json";
    /** Full-size CLIP ViT-L/14 vision config. */
    public static final String CLIP_VIT_L14 = "manifests/clip_vit_large_patch14_vision_keys.json";
    /** Scheduler golden, holding the configs diffusers built from SD-2.1's scheduler_config.json. */
    public static final String SCHEDULER = "scheduler.json";

    // serializeNulls: Python writes None as null, and a dropped key would silently become a default.
    private static final Gson GSON = new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues()
            .setPrettyPrinting().create();

    private GoldenConfigs() {
    }

    /** @return the shared golden directory, from the system property surefire sets */
    public static Path dir() {
        String dir = System.getProperty("faceanon.golden.dir");
        assertNotNull(dir, "system property faceanon.golden.dir is not set (surefire sets it)");
        Path path = Path.of(dir);
        assertTrue(Files.isDirectory(path), "golden directory not found: " + path);
        return path;
    }

    /**
     * @param relative a sidecar or manifest, relative to the golden directory
     * @return the whole JSON document
     */
    public static JsonObject document(String relative) {
        try {
            return JsonParser.parseString(Files.readString(dir().resolve(relative), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param relative a sidecar or manifest with a {@code config} key
     * @return a fresh copy of that config
     */
    public static JsonObject config(String relative) {
        return document(relative).getAsJsonObject("config").deepCopy();
    }

    /**
     * Writes a JSON object as a config file, the way Python's json module would.
     *
     * @param file where
     * @param json what
     * @return {@code file}
     */
    public static Path write(Path file, JsonObject json) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, GSON.toJson(json), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The scheduler_config.json SD-2.1 publishes, recovered from a config diffusers built from it:
     * the built config minus every key diffusers lists in {@code _use_default_values} (the keys it
     * filled in) and minus that list itself.
     *
     * @param builtConfigKey e.g. "ddim_config"
     * @return the recovered original file content
     */
    public static JsonObject publishedSchedulerConfig(String builtConfigKey) {
        JsonObject built = document(SCHEDULER).getAsJsonObject(builtConfigKey).deepCopy();
        for (var key : built.getAsJsonArray("_use_default_values")) {
            built.remove(key.getAsString());
        }
        built.remove("_use_default_values");
        return built;
    }
}
