package dev.faceanon.djl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.faceanon.djl.json.StrictJsonReader.Dialect;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strict reader and the tree reader against an independent reference: Gson's streaming reader
 * in its strict (RFC 8259) mode must accept exactly the same texts and give the same trees, except
 * where these readers are stricter on purpose (duplicate keys, and in the hand-written dialect
 * numbers beyond the range of a double).
 */
class StrictJsonReaderGsonTest {

    private static final String DOCUMENT = "{\"a.png\": [{\"box\": [1, 2.5, -3e2, 4E+1], \"landmarks\": [[0.5, 1],"
            + " [2, 3]], \"score\": 0.75}], \"sub/\\u00e9\\\"t\\u00e9\\\\.png\": [], \"x\": {\"t\": true, \"f\": false,"
            + " \"n\": null, \"s\": \"tab\\tnew\\nline \\ud83d\\ude00 \\/\"}}";

    /** The caller's exception for a refused document, as a file reader would make it. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    static List<Dialect> strictDialects() {
        return List.of(Dialect.RFC_8259, Dialect.HAND_WRITTEN);
    }

    /** Gson's strict reading, or null where it refuses the text. */
    private static JsonElement reference(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = new Gson().getAdapter(JsonElement.class).read(reader);
            return reader.peek() == JsonToken.END_DOCUMENT ? value : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static JsonElement read(String text, Dialect dialect) {
        return read(text.getBytes(StandardCharsets.UTF_8), dialect);
    }

    private static JsonElement read(byte[] utf8, Dialect dialect) {
        return JsonTreeReader.parse(utf8, dialect, Refused::new,
                (path, description) -> new Refused("the key \"" + path + "\" " + description));
    }

    /** What this reader gives, or null where it refuses the text for a reason Gson's strict mode shares. */
    private static JsonElement parsed(String text, Dialect dialect) {
        try {
            return read(text, dialect);
        } catch (Refused e) {
            boolean stricterOnPurpose = e.getMessage().contains("appears twice")
                    || e.getMessage().contains("not a finite number");
            return stricterOnPurpose ? reference(text) : null;
        }
    }

    @ParameterizedTest
    @MethodSource("strictDialects")
    void aValidDocumentGivesGsonsTree(Dialect dialect) {
        JsonElement expected = reference(DOCUMENT);
        assertNotNull(expected);
        assertEquals(expected, read(DOCUMENT, dialect));
    }

    @Test
    void theHandWrittenDialectSkipsAByteOrderMark() {
        byte[] withBom = ("\uFEFF" + DOCUMENT).getBytes(StandardCharsets.UTF_8);
        assertEquals(reference(DOCUMENT), read(withBom, Dialect.HAND_WRITTEN));
        Refused e = assertThrows(Refused.class, () -> read(withBom, Dialect.RFC_8259));
        assertEquals("unexpected character '\\ufeff' (U+FEFF), expected a value (line 1, column 1)", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("strictDialects")
    void mutatedDocumentsAreAcceptedExactlyWhenGsonStrictAcceptsThem(Dialect dialect) {
        String alphabet = "{}[]:,\"\\/ \t\n0123456789.eE+-truefalsnNaIfiy'u\u0001x";
        Random random = new Random(11);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(DOCUMENT);
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(text.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, c);
                    case 1 -> text.deleteCharAt(Math.min(at, text.length() - 1));
                    default -> text.setCharAt(Math.min(at, text.length() - 1), c);
                }
            }
            String mutated = text.toString();
            JsonElement expected = reference(mutated);
            assertEquals(expected, parsed(mutated, dialect), mutated);
            accepted += expected == null ? 0 : 1;
        }
        // Both outcomes are exercised, not only refusals.
        assertTrue(accepted > 1000, "accepted " + accepted);
    }

    @ParameterizedTest
    @MethodSource("strictDialects")
    void duplicateKeysAreRefusedAtEveryLevelWithBothPositions(Dialect dialect) {
        Refused e = assertThrows(Refused.class, () -> read("{\"a\": [{\"b\": 1,\n \"b\": 2}]}", dialect));
        assertEquals("the key \"a[0].b\" appears twice in the same object (first at line 1, column 9, again at"
                + " line 2, column 2); a key may appear only once", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("strictDialects")
    void equalKeysInDifferentObjectsAreFine(Dialect dialect) {
        String text = "{\"a\": {\"k\": 1}, \"b\": {\"k\": 2}}";
        assertEquals(reference(text), read(text, dialect));
    }

    @Test
    void theHandWrittenDialectRefusesNumbersBeyondTheRangeOfADouble() {
        for (String huge : List.of("1" + "0".repeat(400), "-1e309", "1e99999999999999999999", "1.8e308")) {
            String text = "{\"box\": [0,\n  " + huge + "]}";
            Refused e = assertThrows(Refused.class, () -> read(text, Dialect.HAND_WRITTEN), huge);
            assertTrue(e.getMessage().startsWith("not a finite number: '" + huge.substring(0, Math.min(huge.length(),
                    120))), e.getMessage());
            assertTrue(e.getMessage().endsWith("is beyond the range of a double-precision number (about 1.8e308)"
                    + " (line 2, column 3)"), e.getMessage());
            // The model-file dialects read such a literal as Python does: an infinite value, for the config checks.
            double value = read(text, Dialect.RFC_8259).getAsJsonObject().getAsJsonArray("box").get(1).getAsDouble();
            assertEquals(huge.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, value, huge);
        }
        // The largest double and what rounds down to zero are finite.
        assertEquals(reference("[1.7976931348623157e308, 1e-400]"),
                read("[1.7976931348623157e308, 1e-400]", Dialect.HAND_WRITTEN));
    }

    @Test
    void theHandWrittenDialectNestsAtMost32Deep() {
        String deepest = "[".repeat(32) + "]".repeat(32);
        assertEquals(reference(deepest), read(deepest, Dialect.HAND_WRITTEN));
        Refused e = assertThrows(Refused.class, () -> read("[" + deepest + "]", Dialect.HAND_WRITTEN));
        assertEquals("the JSON nests deeper than 32 levels of objects and arrays (line 1, column 33)",
                e.getMessage());
    }

    @Test
    void aDialectCannotBothAcceptAndRefuseNonFiniteNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new Dialect(true, true, 8, true));
        assertThrows(IllegalArgumentException.class, () -> new Dialect(false, true, 0, false));
    }
}
