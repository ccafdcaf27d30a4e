package dev.faceanon.djl.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.faceanon.text.UntrustedText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads one whole JSON document from a {@link StrictJsonReader} into a Gson tree, refusing a key
 * that appears twice in the same object: JSON parsers disagree on which of the two values wins, so
 * a file that relies on either is ambiguous.
 *
 * <p>Numbers are kept exactly ({@link BigDecimal}); the Python dialect's {@code NaN},
 * {@code Infinity} and {@code -Infinity}, and literals whose exponent no {@code BigDecimal} holds,
 * become the corresponding {@code double}. The recursion is bounded by the reader's
 * {@link StrictJsonReader.Dialect#maxDepth()}.
 */
public final class JsonTreeReader {

    /** Makes the exception for a key that appears twice. */
    @FunctionalInterface
    public interface DuplicateKeys {
        /**
         * @param path the key with the keys and indexes enclosing it, e.g. {@code vision_config.hidden_size}
         *     or {@code blocks[2].name}, each key escaped and shortened for display
         *     ({@link UntrustedText#abbreviate})
         * @param description what is wrong and where, for the message
         * @return the exception to throw
         */
        RuntimeException duplicate(String path, String description);
    }

    private JsonTreeReader() {}

    /**
     * Reads a whole document held in memory.
     *
     * @param utf8 the document's bytes
     * @param dialect the variant of JSON accepted
     * @param errors makes the exception for malformed input from its description, as for
     *     {@link StrictJsonReader#of}
     * @param duplicates makes the exception for a repeated key
     * @return the document's value
     */
    public static JsonElement parse(byte[] utf8, StrictJsonReader.Dialect dialect,
            Function<String, ? extends RuntimeException> errors, DuplicateKeys duplicates) {
        try {
            return readDocument(StrictJsonReader.of(new ByteArrayInputStream(utf8), dialect, errors), duplicates);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    /**
     * @param reader a reader at the start of a document
     * @param duplicates makes the exception for a repeated key
     * @return the document's value; the reader is at the end of the input
     * @throws IOException if reading the input fails
     */
    public static JsonElement readDocument(StrictJsonReader reader, DuplicateKeys duplicates) throws IOException {
        JsonElement root = readValue(reader, "", duplicates);
        reader.peek(); // reports anything but whitespace after the document
        return root;
    }

    private static JsonElement readValue(StrictJsonReader r, String path, DuplicateKeys duplicates)
            throws IOException {
        switch (r.peek()) {
            case BEGIN_OBJECT:
                return readObject(r, path, duplicates);
            case BEGIN_ARRAY:
                JsonArray array = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    array.add(readValue(r, path + "[" + array.size() + "]", duplicates));
                }
                r.endArray();
                return array;
            case STRING:
                return new JsonPrimitive(r.nextString());
            case NUMBER:
                return new JsonPrimitive(number(r.nextNumber()));
            case BOOLEAN:
                return new JsonPrimitive(r.nextBoolean());
            case NULL:
                r.nextNull();
                return JsonNull.INSTANCE;
            default:
                // The reader only reports END_* where a container closes, which the loops above consume.
                throw new IllegalStateException("no value at " + r.location());
        }
    }

    private static JsonObject readObject(StrictJsonReader r, String path, DuplicateKeys duplicates)
            throws IOException {
        JsonObject object = new JsonObject();
        Map<String, String> firstAt = new HashMap<>();
        r.beginObject();
        while (r.hasNext()) {
            String name = r.nextName();
            String child = (path.isEmpty() ? "" : path + ".") + UntrustedText.abbreviate(name);
            String first = firstAt.putIfAbsent(name, r.location());
            if (first != null) {
                throw duplicates.duplicate(child, "appears twice in the same object (first at " + first
                        + ", again at " + r.location() + "); a key may appear only once");
            }
            object.add(name, readValue(r, child, duplicates));
        }
        r.endObject();
        return object;
    }

    private static Number number(String literal) {
        switch (literal) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return new BigDecimal(literal);
                } catch (NumberFormatException e) {
                    // An exponent beyond BigDecimal's range: as Python reads it, infinity or zero.
                    return Double.parseDouble(literal);
                }
        }
    }
}
