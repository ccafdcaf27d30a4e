package dev.faceanon.parity.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.djl.weights.SafetensorsWriter;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.image.RgbImage;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelFileException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenCaseTest {

    private final GoldenDirectory golden = GoldenDirectory.fromSystemProperty();

    @Test
    void findsEverySharedCase() {
        assertEquals(List.of("alignment", "clip_vision_tiny", "pipeline_tiny_anon",
                "pipeline_tiny_conditioning_referencenet", "pipeline_tiny_swap", "referencenet_tiny", "scheduler",
                "unet_tiny", "vae_tiny"), golden.caseNames());
        for (String name : golden.caseNames()) {
            try (GoldenCase c = golden.open(name)) {
                assertFalse(c.sidecar().getAsJsonObject("tensors").entrySet().isEmpty(), name);
            }
        }
    }

    @Test
    void separatesWeightsFromInputsAndOutputs() {
        try (GoldenCase unet = golden.open("unet_tiny")) {
            TensorSource weights = unet.weights();
            assertEquals(684, weights.tensors().size());
            for (TensorInfo t : weights.tensors()) {
                assertFalse(t.name().startsWith("input.") || t.name().startsWith("output.")
                        || t.name().startsWith("debug."), t.name());
            }
            assertTrue(weights.find("input.sample").isEmpty());
            assertTrue(unet.has("input.sample"));
            assertEquals(List.of("output.sample"), unet.names("output"));
            assertArrayEquals(new long[] {2, 4, 16, 16}, unet.info("output.sample").shape());
            assertArrayEquals(new long[] {421}, unet.longs("input.timestep"));
            assertEquals(1, unet.config().orElseThrow().get("in_channels").getAsInt() / 4);
            assertEquals(16, unet.namesWithPrefix("input.referencenet_states.").size());
        }
    }

    @Test
    void readsNoiseOrderAndImages() {
        try (GoldenCase anon = golden.open("pipeline_tiny_anon")) {
            List<String> order = anon.noiseOrder();
            assertEquals(List.of("noise.vae_posterior.0", "noise.vae_posterior.1", "noise.init_latents.0",
                    "noise.ddpm_step.0", "noise.ddpm_step.1", "noise.ddpm_step.2", "noise.ddpm_step.3"), order);
            for (String n : order) {
                assertTrue(anon.has(n), n);
            }
            long[] img = anon.longs("input.conditioning_image_u8");
            assertEquals(128 * 128 * 3, img.length);
            for (long v : img) {
                assertTrue(v >= 0 && v <= 255);
            }
        }
    }

    @Test
    void readsUint8ImagesRowByRowAndRejectsOtherTensors(@TempDir Path dir) throws IOException {
        // Two rows of three pixels, each sample its own index, so a swapped width/height or a
        // signed byte (200 and up) would show.
        byte[] samples = new byte[18];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (i == 17 ? 255 : i * 10 + 40);
        }
        new SafetensorsWriter().add("input.image_u8", TensorDType.U8, new long[] {2, 3, 3}, samples)
                .add("output.image_u8", TensorDType.U8, new long[] {1, 2, 3, 3}, samples)
                .add("output.batch_u8", TensorDType.U8, new long[] {2, 1, 3, 3}, samples)
                .add("output.grey_u8", TensorDType.U8, new long[] {2, 9}, samples)
                .add("output.image_float", TensorDType.F32, new long[] {1, 1, 3}, new byte[12])
                .write(dir.resolve("img.safetensors"));
        Files.writeString(dir.resolve("img.json"), "{\"tensors\": {\"input.image_u8\": {\"role\": \"input\"},"
                + " \"output.image_u8\": {\"role\": \"output\"}, \"output.batch_u8\": {\"role\": \"output\"},"
                + " \"output.grey_u8\": {\"role\": \"output\"}, \"output.image_float\": {\"role\": \"output\"}}}");
        try (GoldenCase c = GoldenCase.open(dir, "img")) {
            RgbImage image = c.rgbImage("input.image_u8");
            assertEquals(3, image.width());
            assertEquals(2, image.height());
            assertEquals(40 + 10 * 5, image.sample(1, 0, 2));
            assertEquals(40 + 10 * 9, image.sample(0, 1, 0));
            assertEquals(255, image.sample(2, 1, 2));
            assertEquals(image, c.rgbImage("output.image_u8"));
            for (String bad : List.of("output.batch_u8", "output.grey_u8", "output.image_float")) {
                ModelFileException e = assertThrows(ModelFileException.class, () -> c.rgbImage(bad));
                assertTrue(e.getMessage().contains(bad), e.getMessage());
            }
        }
    }

    @Test
    void missingAndMalformedCasesAreReported(@TempDir Path dir) throws IOException {
        assertThrows(MissingModelFileException.class, () -> GoldenCase.open(dir, "nothing"));
        Files.writeString(dir.resolve("bad.json"), "[1, 2]");
        Files.copy(golden.dir().resolve("scheduler.safetensors"), dir.resolve("bad.safetensors"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> GoldenCase.open(dir, "bad"));
        assertTrue(e.getMessage().contains("not a golden sidecar"), e.getMessage());
        Files.writeString(dir.resolve("bad.json"), "{\"tensors\": {}}");
        e = assertThrows(ModelFileException.class, () -> GoldenCase.open(dir, "bad"));
        assertTrue(e.getMessage().contains("not described in the sidecar"), e.getMessage());
        assertThrows(MissingModelFileException.class, () -> new GoldenDirectory(dir.resolve("absent")));
    }

    @Test
    void malformedSidecarsAreDescribedInTheFilesTerms(@TempDir Path dir) throws IOException {
        Files.copy(golden.dir().resolve("scheduler.safetensors"), dir.resolve("bad.safetensors"));
        Map<String, String> cases = Map.of(
                "{\"tensors\": {} // comment", "a comment ('/'): JSON has no comments (line 1, column 16)",
                "{'tensors': {}}", "a single-quoted string",
                "{\"tensors\": {}, \"tensors\": {}}", "the key 'tensors' appears twice",
                "{\"tensors\": {\"a\": ", "the JSON ends before it is complete");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(dir.resolve("bad.json"), c.getKey());
            ModelFileException e = assertThrows(ModelFileException.class, () -> GoldenCase.open(dir, "bad"));
            assertEquals(dir.resolve("bad.json"), e.file());
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
            assertFalse(e.getMessage().contains("Exception") || e.getMessage().contains("setStrictness"),
                    e.getMessage());
        }
        Files.write(dir.resolve("bad.json"), new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'});
        ModelFileException e = assertThrows(ModelFileException.class, () -> GoldenCase.open(dir, "bad"));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());

        // Bounded before anything is read or parsed, like every JSON file the library reads.
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("bad.json").toFile(), "rw")) {
            f.setLength(GoldenCase.MAX_SIDECAR_BYTES + 1);
        }
        e = assertThrows(ModelFileException.class, () -> GoldenCase.open(dir, "bad"));
        assertTrue(e.getMessage().endsWith(": is " + (GoldenCase.MAX_SIDECAR_BYTES + 1)
                + " bytes; a golden sidecar is at most " + GoldenCase.MAX_SIDECAR_BYTES + " bytes"), e.getMessage());
    }
}
