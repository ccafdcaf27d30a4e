package dev.faceanon.djl.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.ParameterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The full-size SD-2.1 VAE asks for exactly the parameters of diffusers 0.25.1's state dict, as
 * listed by the golden manifest (built by instantiating the reference class with the real config).
 * Nothing is allocated: the parameter list is recorded, no weights exist.
 */
class AutoencoderKLManifestTest {

    @Test
    void expectedParametersEqualTheManifestInCheckpointOrder() throws IOException {
        Path file = GoldenDirectory.fromSystemProperty().manifest("vae_sd21_keys");
        JsonObject manifest = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        List<String> expected = new ArrayList<>();
        long expectedParams = 0;
        for (JsonElement e : manifest.getAsJsonArray("keys")) {
            JsonObject entry = e.getAsJsonObject();
            long[] shape = shape(entry.getAsJsonArray("shape"));
            expectedParams += Arrays.stream(shape).reduce(1, Math::multiplyExact);
            String legacy = entry.has("legacy_name") ? " legacy " + entry.get("legacy_name").getAsString() : "";
            expected.add(entry.get("name").getAsString() + " " + Arrays.toString(shape) + legacy);
        }

        List<ParameterSpec> specs = AutoencoderKL.expectedParameters(VaeConfig.stableDiffusion21());
        List<String> actual = new ArrayList<>();
        long actualParams = 0;
        for (ParameterSpec p : specs) {
            actualParams += Arrays.stream(p.shape()).reduce(1, Math::multiplyExact);
            String legacy = p.legacyKeys().isEmpty() ? "" : " legacy " + String.join(",", p.legacyKeys());
            actual.add(p.key() + " " + Arrays.toString(p.shape()) + legacy);
        }
        assertEquals(expected, actual);
        assertEquals(manifest.get("num_tensors").getAsInt(), specs.size());
        assertEquals(manifest.get("num_params").getAsLong(), expectedParams, "manifest is self-consistent");
        assertEquals(expectedParams, actualParams);
    }

    private static long[] shape(JsonArray dims) {
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = dims.get(i).getAsLong();
        }
        return s;
    }
}
