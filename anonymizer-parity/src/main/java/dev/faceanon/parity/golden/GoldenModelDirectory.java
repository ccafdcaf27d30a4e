package dev.faceanon.parity.golden;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.faceanon.djl.weights.SafetensorsWriter;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lays out the tiny networks of a golden directory as the published repositories are on disk
 * ({@code face-anon-simple/}, {@code stable-diffusion-2-1/}, {@code clip-vit-large-patch14/}), so
 * that tests and benchmarks go through the same loading path as real weights.
 */
public final class GoldenModelDirectory {

    private GoldenModelDirectory() {}

    /**
     * @param golden a golden directory with the cases the pipeline goldens name
     * @param root where to create the three repositories
     * @return {@code root}
     * @throws IOException if writing fails
     */
    public static Path create(GoldenDirectory golden, Path root) throws IOException {
        Path anon = root.resolve("face-anon-simple");
        repo(golden, "unet_tiny", anon.resolve("unet"), "config.json", "diffusion_pytorch_model.safetensors");
        repo(golden, "referencenet_tiny", anon.resolve("referencenet"), "config.json",
                "diffusion_pytorch_model.safetensors");
        repo(golden, "pipeline_tiny_conditioning_referencenet", anon.resolve("conditioning_referencenet"),
                "config.json", "diffusion_pytorch_model.safetensors");
        Path sd = root.resolve("stable-diffusion-2-1");
        repo(golden, "vae_tiny", sd.resolve("vae"), "config.json", "diffusion_pytorch_model.safetensors");
        try (GoldenCase scheduler = golden.open("scheduler")) {
            // The SD-2.1 scheduler_config.json as published (a DDIMScheduler config), which the
            // official pipeline loads into a DDPMScheduler.
            JsonObject config = scheduler.sidecar().getAsJsonObject("ddim_config").deepCopy();
            config.remove("_use_default_values");
            write(sd.resolve("scheduler").resolve("scheduler_config.json"), config);
        }
        Path clip = root.resolve("clip-vit-large-patch14");
        repo(golden, "clip_vision_tiny", clip, "config.json", "model.safetensors");
        try (GoldenCase c = golden.open("clip_vision_tiny")) {
            write(clip.resolve("preprocessor_config.json"), c.sidecar().getAsJsonObject("clip_image_processor_config"));
        }
        return root;
    }

    private static void repo(GoldenDirectory golden, String name, Path dir, String configName, String weightsName)
            throws IOException {
        try (GoldenCase c = golden.open(name)) {
            write(dir.resolve(configName), c.config().orElseThrow());
            SafetensorsWriter writer = new SafetensorsWriter();
            TensorSource weights = c.weights();
            for (TensorInfo t : weights.tensors()) {
                writer.add(t.name(), t.dtype(), t.shape(), weights.raw(t.name()));
            }
            writer.write(dir.resolve(weightsName));
        }
    }

    private static void write(Path file, JsonObject json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, new Gson().toJson(json), StandardCharsets.UTF_8);
    }
}
