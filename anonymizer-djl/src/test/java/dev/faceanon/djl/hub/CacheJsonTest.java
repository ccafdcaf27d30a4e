package dev.faceanon.djl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheJsonTest {

    @TempDir
    Path tmp;

    @Test
    void anObjectAsTheLibraryWritesItIsRead() throws IOException {
        Path file = Files.writeString(tmp.resolve("r.json"), "{\n  \"file\": \"unet/w.safetensors\",\n  \"size\": 12\n}");
        assertEquals(12, CacheJson.readObject(file, 64).get("size").getAsLong());
        assertEquals("unet/w.safetensors", CacheJson.readObject(file, 64).get("file").getAsString());
    }

    @Test
    void anythingElseIsRefusedForTheCallerToIgnore() throws IOException {
        for (String text : List.of("{\"size\": 1, \"size\": 2}", "{\"size\": 1} // x", "{'size': 1}", "{\"size\": 1,}",
                "[1]", "", "{\"size\": 1}{}", "{\"size\": " + "9".repeat(60) + "}")) {
            Path file = Files.writeString(tmp.resolve("r.json"), text);
            assertThrows(IllegalArgumentException.class, () -> CacheJson.readObject(file, 64), text);
        }
    }
}
