package dev.faceanon.djl.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faceanon.djl.json.BoundedFileReader;
import dev.faceanon.djl.json.JsonTreeReader;
import dev.faceanon.djl.json.StrictJsonReader.Dialect;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the small JSON files this library writes into its caches (hash records, the markers of
 * derived directories). The caches are on disk, so such a file is read like any other untrusted
 * one: bounded in size and strictly; one that is not what the library wrote is refused, for the
 * caller to ignore and rebuild.
 */
final class CacheJson {

    private CacheJson() {}

    /**
     * @param file the file
     * @param maxBytes the largest size a file the library wrote can have
     * @return its object
     * @throws IOException if reading the file fails
     * @throws IllegalArgumentException if it is larger than {@code maxBytes}, not strict JSON, has a
     *     key twice in an object, or is not an object
     */
    static JsonObject readObject(Path file, long maxBytes) throws IOException {
        byte[] bytes = BoundedFileReader.read(file, maxBytes,
                size -> new IllegalArgumentException("larger than " + maxBytes + " bytes"));
        JsonElement root = JsonTreeReader.parse(bytes, Dialect.RFC_8259, IllegalArgumentException::new,
                (key, description) -> new IllegalArgumentException("the key " + key + " " + description));
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return root.getAsJsonObject();
    }
}
