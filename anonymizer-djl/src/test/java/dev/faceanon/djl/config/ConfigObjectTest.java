package dev.faceanon.djl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.sampling.BetaSchedule;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigObjectTest {

    @TempDir
    Path tmp;

    private Path file(String content) throws IOException {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private ConfigObject parse(String content) throws IOException {
        return ConfigObject.read(file(content), "test config");
    }

    @Test
    void missingFileIsReportedWithPathAndPurpose() {
        Path missing = tmp.resolve("nowhere/config.json");
        MissingModelFileException e = assertThrows(MissingModelFileException.class,
                () -> ConfigObject.read(missing, "the UNet config"));
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("the UNet config"),
                e.getMessage());
    }

    @Test
    void directoryInsteadOfFileIsRejected() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("config.json"));
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ConfigObject.read(dir, "x"));
        ConfigAssertions.assertNamesFileAndField(e, dir, null);
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void fileAboveTheSizeBoundIsRejectedWithoutReadingIt() throws IOException {
        Path big = tmp.resolve("config.json");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(ConfigObject.MAX_FILE_BYTES + 1); // sparse: costs no disk
        }
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ConfigObject.read(big, "x"));
        ConfigAssertions.assertNamesFileAndField(e, big, null);
        assertTrue(e.getMessage().contains(String.valueOf(ConfigObject.MAX_FILE_BYTES + 1)), e.getMessage());
    }

    @Test
    void fileAtTheSizeBoundIsRead() throws IOException {
        StringBuilder sb = new StringBuilder("{\"a\": 1, \"pad\": \"");
        int padding = (int) ConfigObject.MAX_FILE_BYTES - sb.length() - 2;
        sb.append("x".repeat(padding)).append("\"}");
        assertEquals(ConfigObject.MAX_FILE_BYTES, sb.length());
        assertEquals(1, parse(sb.toString()).requiredInt("a", 0, 9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\": 1,", "{\"a\": }", "{\"a\": 1} trailing", "{\"a\": 1}{}", "[1, 2]",
        "42", "\"text\"", "null"})
    void malformedOrNonObjectJsonIsRejected(String content) throws IOException {
        Path f = file(content);
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ConfigObject.read(f, "x"));
        ConfigAssertions.assertNamesFileAndField(e, f, null);
    }

    @Test
    void nonUtf8BytesAreRejected() throws IOException {
        Path f = tmp.resolve("config.json");
        Files.write(f, new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'});
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ConfigObject.read(f, "x"));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void deepNestingEndsInConfigExceptionNotStackOverflow() throws IOException {
        Path f = file("{\"a\": " + "[".repeat(200_000) + "]".repeat(200_000) + "}");
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> ConfigObject.read(f, "x"));
        ConfigAssertions.assertNamesFileAndField(e, f, null);
    }

    @Test
    void pythonNonFiniteLiteralsParseButAreNotAcceptedAsNumbers() throws IOException {
        // Python's json module writes these; diffusers does for lambda_min_clipped.
        ConfigObject c = parse("{\"lambda_min_clipped\": -Infinity, \"x\": NaN, \"big\": 1e400, \"ok\": 0.5}");
        assertEquals(0.5, c.doubleOr("ok", 0, 0, 1));
        for (String field : List.of("lambda_min_clipped", "x", "big")) {
            ModelConfigException e = assertThrows(ModelConfigException.class, () -> c.doubleOr(field, 0, -10, 10));
            assertEquals(Optional.of(field), e.field());
        }
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        assertEquals(3, parse("\uFEFF{\"n\": 3}").requiredInt("n", 0, 9));
    }

    @Test
    void absentTakesTheDefaultButNullIsAValue() throws IOException {
        ConfigObject c = parse("{\"n\": null, \"s\": null, \"b\": null}");
        assertEquals(7, c.intOr("absent", 7, 0, 9));
        assertEquals(OptionalInt.empty(), c.optionalInt("n", 0, 9));
        assertEquals(Optional.empty(), c.optionalString("s"));
        assertTrue(c.contains("n"));
        assertFalse(c.hasValue("n"));
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> c.intOr("n", 7, 0, 9));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        assertThrows(ModelConfigException.class, () -> c.booleanOr("b", true));
        assertThrows(ModelConfigException.class, () -> c.stringOr("s", "d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5", "\"4\"", "true", "[4]", "{}", "4e9", "-4e9", "1e999999999", "1e-999999999"})
    void integersMustBeExactIntegersInRange(String value) throws IOException {
        ConfigObject c = parse("{\"n\": " + value + "}");
        ModelConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ModelConfigException.class, () -> c.requiredInt("n", 0, 100)));
        assertEquals(Optional.of("n"), e.field());
    }

    @Test
    void integerValuesWrittenAsFloatsOrExponentsAreAcceptedWhenExact() throws IOException {
        ConfigObject c = parse("{\"a\": 4.0, \"b\": 1e2, \"c\": 101}");
        assertEquals(4, c.requiredInt("a", 0, 100));
        assertEquals(100, c.requiredInt("b", 0, 100));
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> c.requiredInt("c", 0, 100));
        assertTrue(e.getMessage().contains("[0, 100]"), e.getMessage());
        assertThrows(ModelConfigException.class, () -> c.requiredInt("missing", 0, 100));
    }

    @Test
    void nestedFieldsAreNamedWithTheirPath() throws IOException {
        Path f = file("{\"vision_config\": {\"hidden_size\": \"wide\"}}");
        ConfigObject nested = ConfigObject.read(f, "x").object("vision_config");
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> nested.intOr("hidden_size", 1, 1, 10));
        ConfigAssertions.assertNamesFileAndField(e, f, "vision_config.hidden_size");
    }

    @Test
    void listElementsAreNamedWithTheirIndex() throws IOException {
        Path f = file("{\"l\": [1, 2, -3]}");
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> ConfigObject.read(f, "x").intList("l", List.of(), 0, 9));
        ConfigAssertions.assertNamesFileAndField(e, f, "l[2]");
    }

    @Test
    void perBlockValuesExpandOrMustMatchTheBlockCount() throws IOException {
        ConfigObject c = parse("{\"one\": 3, \"list\": [1, 2], \"flags\": [false, true], \"flag\": true}");
        assertEquals(List.of(3, 3, 3), c.intPerBlock("one", 0, 3, 0, 9));
        assertEquals(List.of(5, 5), c.intPerBlock("absent", 5, 2, 0, 9));
        assertEquals(List.of(1, 2), c.intPerBlock("list", 0, 2, 0, 9));
        assertThrows(ModelConfigException.class, () -> c.intPerBlock("list", 0, 3, 0, 9));
        assertEquals(List.of(false, true), c.booleanPerBlock("flags", false, 2));
        assertEquals(List.of(true, true, true), c.booleanPerBlock("flag", false, 3));
        assertThrows(ModelConfigException.class, () -> c.booleanPerBlock("flags", false, 3));
    }

    @Test
    void enumValuesAreTheLowerCaseConstantNamesAndTheMessageListsThem() throws IOException {
        ConfigObject c = parse("{\"s\": \"scaled_linear\", \"bad\": \"sigmoid\"}");
        assertEquals(BetaSchedule.SCALED_LINEAR,
                c.enumOr("s", BetaSchedule.LINEAR, BetaSchedule.class));
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> c.enumOr("bad", BetaSchedule.LINEAR, BetaSchedule.class));
        assertTrue(e.getMessage().contains("\"sigmoid\"") && e.getMessage().contains("\"linear\", \"scaled_linear\","
                + " \"squaredcos_cap_v2\""), e.getMessage());
    }

    @Test
    void supportOnlyChecksNameTheFeatureAndTheAcceptedValue() throws IOException {
        Path f = file("{\"class_embed_type\": \"timestep\", \"dual\": true, \"act\": \"gelu\"}");
        ConfigObject c = ConfigObject.read(f, "x");
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> c.requireNull("class_embed_type", "a class embedding"));
        ConfigAssertions.assertNamesFileAndField(e, f, "class_embed_type");
        assertTrue(e.getMessage().contains("a class embedding") && e.getMessage().contains("must be null"),
                e.getMessage());
        e = assertThrows(ModelConfigException.class, () -> c.requireBoolean("dual", false, false, "dual attention"));
        assertTrue(e.getMessage().contains("must be false"), e.getMessage());
        e = assertThrows(ModelConfigException.class, () -> c.oneOf("act", "silu", Set.of("silu")));
        assertTrue(e.getMessage().contains("\"gelu\"") && e.getMessage().contains("supported: \"silu\""),
                e.getMessage());
        c.requireNull("absent", "anything");
        c.requireBoolean("absent", false, false, "anything");
    }

    @Test
    void unknownFieldsAreIgnoredAndJsonIsAnIndependentCopy() throws IOException {
        JsonObject source = new JsonObject();
        source.addProperty("n", 1);
        ConfigObject c = ConfigObject.of(source, tmp.resolve("x.json"));
        source.addProperty("n", 2);
        assertEquals(1, c.requiredInt("n", 0, 9));
        c.json().addProperty("n", 3);
        assertEquals(1, c.requiredInt("n", 0, 9));
        assertEquals(5, c.intOr("some_future_key", 5, 0, 9));
    }
}
