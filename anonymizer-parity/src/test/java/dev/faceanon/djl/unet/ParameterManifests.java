package dev.faceanon.djl.unet;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.ParameterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The key manifests of the full-size checkpoints (shared/golden/manifests, README §5). */
final class ParameterManifests {

    private ParameterManifests() {}

    /** @return key → shape of every entry of {@code manifests/<name>.json} */
    static Map<String, List<Long>> read(String name) {
        try {
            JsonObject doc = JsonParser.parseString(Files.readString(
                    GoldenDirectory.fromSystemProperty().manifest(name), StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, List<Long>> keys = new TreeMap<>();
            for (JsonElement e : doc.getAsJsonArray("keys")) {
                List<Long> shape = new ArrayList<>();
                e.getAsJsonObject().getAsJsonArray("shape").forEach(d -> shape.add(d.getAsLong()));
                keys.put(e.getAsJsonObject().get("name").getAsString(), shape);
            }
            if (keys.size() != doc.get("num_tensors").getAsInt()) {
                throw new IllegalStateException(name + " lists duplicate keys");
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return key → shape of what a model declares */
    static Map<String, List<Long>> of(List<ParameterSpec> specs) {
        Map<String, List<Long>> keys = new TreeMap<>();
        for (ParameterSpec s : specs) {
            List<Long> shape = new ArrayList<>();
            for (long d : s.shape()) {
                shape.add(d);
            }
            keys.put(s.key(), shape);
        }
        return keys;
    }

    /** @return the parameter count of a key → shape map */
    static long parameterCount(Map<String, List<Long>> keys) {
        return keys.values().stream().mapToLong(s -> s.stream().reduce(1L, (a, b) -> a * b)).sum();
    }
}
