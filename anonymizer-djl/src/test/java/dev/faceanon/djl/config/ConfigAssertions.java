package dev.faceanon.djl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.model.ModelConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** Assertions on how configuration errors are reported. */
final class ConfigAssertions {

    private ConfigAssertions() {
    }

    /**
     * Asserts that an exception names the file and the field, both as values and in its message.
     *
     * @param e the exception
     * @param file the file it must name
     * @param field the field it must name, or null if the file as a whole is at fault
     */
    static void assertNamesFileAndField(ModelConfigException e, Path file, String field) {
        assertEquals(file, e.file());
        assertEquals(Optional.ofNullable(field), e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
        if (field != null) {
            assertTrue(e.getMessage().contains("'" + field + "'"), "message names the field: " + e.getMessage());
        }
    }

    /**
     * Sets one key of a config to a JSON value, writes it, and asserts that reading it fails naming
     * the file and the field.
     *
     * @param json the otherwise valid config (modified)
     * @param key the key to set
     * @param jsonValue its new value, as JSON text
     * @param file where to write the config
     * @param reader the config type's {@code read}
     * @param field the field the error must name
     * @return the exception, for further checks
     */
    static ModelConfigException assertRejected(JsonObject json, String key, String jsonValue, Path file,
            Function<Path, ?> reader, String field) {
        json.add(key, JsonParser.parseString(jsonValue));
        GoldenConfigs.write(file, json);
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> reader.apply(file));
        assertNamesFileAndField(e, file, field);
        return e;
    }

    /**
     * As {@link #assertRejected}, for extreme values: the refusal must also come at once (within two
     * seconds), before anything is sized from the value.
     */
    static ModelConfigException assertRejectedAtOnce(JsonObject json, String key, String jsonValue, Path file,
            Function<Path, ?> reader, String field) {
        return assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertRejected(json, key, jsonValue, file, reader, field));
    }
}
