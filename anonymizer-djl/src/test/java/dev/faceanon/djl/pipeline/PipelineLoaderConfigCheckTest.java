package dev.faceanon.djl.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.model.ModelFile;
import dev.faceanon.djl.model.ModelLayout;
import dev.faceanon.djl.model.TinyRandomModel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.model.ModelConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model directory whose configs do not fit the networks is refused when it is loaded, naming the
 * file and field, before any weight is read or any buffer sized from a config.
 */
class PipelineLoaderConfigCheckTest {

    @TempDir
    Path dir;

    private ModelConfigException loadWithEditedPreprocessorConfig(Consumer<JsonObject> edit) throws IOException {
        ModelLayout layout = TinyRandomModel.standard().writeTo(dir);
        Path preprocessor = layout.expectedPath(ModelFile.CLIP_PREPROCESSOR_CONFIG);
        JsonObject json = JsonParser.parseString(Files.readString(preprocessor)).getAsJsonObject();
        edit.accept(json);
        Files.writeString(preprocessor, json.toString(), StandardCharsets.UTF_8);
        // A broken weight file shows that the configs are checked before any weights are read.
        Files.write(layout.expectedPath(ModelFile.UNET_WEIGHTS), new byte[] {1, 2, 3});
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(ModelConfigException.class, () -> PipelineLoader.load(layout, manager,
                            DataType.FLOAT32, AttentionOptions.defaults(true)).close()));
            assertEquals(preprocessor, e.file());
            assertTrue(e.getMessage().startsWith(preprocessor + ": "), e.getMessage());
            return e;
        }
    }

    /**
     * Issue 11, item 6: clip-vit-large-patch14/preprocessor_config.json with size and crop_size 16384
     * was accepted and ended in OutOfMemoryError after 23 s of preprocessing. A crop of 256, within
     * every bound of the file alone, is one the 224-pixel vision model cannot take.
     */
    @ParameterizedTest(name = "size and crop_size {0}")
    @ValueSource(ints = {16384, 256})
    void aCropTheVisionModelCannotTakeIsRefusedAtLoadNamingTheFileAndField(int side) throws IOException {
        ModelConfigException e = loadWithEditedPreprocessorConfig(json -> {
            json.addProperty("size", side);
            json.addProperty("crop_size", side);
        });
        assertEquals(Optional.of("crop_size"), e.field());
        assertTrue(e.getMessage().contains(side == 256 ? "but the CLIP vision model" : "more than the 1024"),
                e.getMessage());
    }
}
