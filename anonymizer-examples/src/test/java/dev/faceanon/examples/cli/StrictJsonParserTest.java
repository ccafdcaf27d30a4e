package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The strict parser against an independent reference: Gson's streaming reader in its strict
 * (RFC 8259) mode must accept exactly the same texts and give the same trees, except where this
 * parser is stricter on purpose (duplicate keys, non-finite numbers).
 */
class StrictJsonParserTest {

    private static final String DOCUMENT = "{\"a.png\": [{\"box\": [1, 2.5, -3e2, 4E+1], \"landmarks\": [[0.5, 1],"
            + " [2, 3]], \"score\": 0.75}], \"sub/\\u00e9\\\"t\\u00e9\\\\.png\": [], \"x\": {\"t\": true, \"f\": false,"
            + " \"n\": null, \"s\": \"tab\\tnew\\nline \\ud83d\\ude00 \\/\"}}";

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

    private static JsonElement parsed(String text) {
        try {
            return StrictJsonParser.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (StrictJsonParser.SyntaxError e) {
            boolean stricterOnPurpose = e.getMessage().contains("appears twice")
                    || e.getMessage().contains("not a finite number");
            return stricterOnPurpose ? reference(text) : null;
        }
    }

    @Test
    void aValidDocumentGivesGsonsTree() throws StrictJsonParser.SyntaxError {
        JsonElement expected = reference(DOCUMENT);
        assertTrue(expected != null);
        assertEquals(expected, StrictJsonParser.parse(DOCUMENT.getBytes(StandardCharsets.UTF_8)));
        byte[] withBom = ("\uFEFF" + DOCUMENT).getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, StrictJsonParser.parse(withBom));
    }

    @Test
    void mutatedDocumentsAreAcceptedExactlyWhenGsonStrictAcceptsThem() {
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
            assertEquals(expected, parsed(mutated), mutated);
            accepted += expected == null ? 0 : 1;
        }
        // Both outcomes are exercised, not only refusals.
        assertTrue(accepted > 1000, "accepted " + accepted);
    }

    @Test
    void duplicateKeysAreRefusedAtEveryLevelWithBothPositions() {
        StrictJsonParser.SyntaxError e = assertThrows(StrictJsonParser.SyntaxError.class, () -> StrictJsonParser
                .parse("{\"a\": [{\"b\": 1,\n \"b\": 2}]}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("line 2, column 2: the key \"b\" appears twice in the same object (first at line 1, column 9);"
                + " each key may appear only once", e.getMessage());
    }

    @Test
    void equalKeysInDifferentObjectsAreFine() throws StrictJsonParser.SyntaxError {
        String text = "{\"a\": {\"k\": 1}, \"b\": {\"k\": 2}}";
        assertEquals(reference(text), StrictJsonParser.parse(text.getBytes(StandardCharsets.UTF_8)));
    }
}
