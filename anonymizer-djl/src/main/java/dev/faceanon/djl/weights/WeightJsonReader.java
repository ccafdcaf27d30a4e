package dev.faceanon.djl.weights;

import dev.faceanon.djl.json.StrictJsonReader;
import dev.faceanon.djl.json.StrictJsonReader.Dialect;
import dev.faceanon.djl.json.StrictJsonReader.Token;
import dev.faceanon.model.WeightFormatException;
import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict reading of the small JSON documents that weight files carry (safetensors headers, shard
 * indexes), where the JSON is untrusted: every syntax, encoding or type problem becomes a {@link
 * WeightFormatException} naming the file and saying what is wrong and where, in the file's terms
 * (never a parser's), and nothing nests deeper than {@link #MAX_SKIP_DEPTH} inside an ignored value.
 * Only genuine read failures of the underlying stream escape as {@link IOException}.
 */
final class WeightJsonReader {

    /** Deepest nesting an ignored value may have; real headers nest three levels. */
    static final int MAX_SKIP_DEPTH = 32;

    // Canonical JSON integers only: no sign, fraction, exponent or leading zero.
    private static final Pattern UNSIGNED_INTEGER = Pattern.compile("0|[1-9][0-9]*");

    private final StrictJsonReader reader;
    private final Path file;

    private WeightJsonReader(StrictJsonReader reader, Path file) {
        this.reader = reader;
        this.file = file;
    }

    /**
     * @param utf8 the JSON bytes; read up to the end of the document, and left for the caller to
     *     close
     * @param file the file they come from, named in errors
     * @return a reader that rejects malformed UTF-8 and anything outside strict JSON (RFC 8259)
     */
    static WeightJsonReader of(InputStream utf8, Path file) {
        return new WeightJsonReader(StrictJsonReader.of(utf8, Dialect.RFC_8259,
                description -> new WeightFormatException(file, "not valid JSON: " + description)), file);
    }

    /**
     * @param message what is wrong
     * @return an exception naming the file, for the caller to throw
     */
    WeightFormatException error(String message) {
        return new WeightFormatException(file, message);
    }

    /**
     * @param message what is wrong with the value last read
     * @return an exception naming the file and the position of that value, for the caller to throw
     */
    WeightFormatException errorHere(String message) {
        return error(message + " (" + reader.location() + ")");
    }

    Token peek() throws IOException {
        return reader.peek();
    }

    boolean hasNext() throws IOException {
        return reader.hasNext();
    }

    String nextName() throws IOException {
        return reader.nextName();
    }

    void endObject() throws IOException {
        reader.endObject();
    }

    void endArray() throws IOException {
        reader.endArray();
    }

    /**
     * @param what the value's role, for the message, e.g. {@code "entry of tensor 'x'"}
     */
    void beginObject(String what) throws IOException {
        expect(Token.BEGIN_OBJECT, what, "a JSON object");
        reader.beginObject();
    }

    /**
     * @param what the value's role, for the message
     */
    void beginArray(String what) throws IOException {
        expect(Token.BEGIN_ARRAY, what, "a JSON array");
        reader.beginArray();
    }

    /**
     * @param what the value's role, for the message
     * @return the string value (a JSON number is not accepted)
     */
    String nextString(String what) throws IOException {
        expect(Token.STRING, what, "a string");
        return reader.nextString();
    }

    /**
     * Reads a JSON number that must be an integer in {@code [0, Long.MAX_VALUE]}, from its literal
     * text, so that {@code 1.0}, {@code 1e3} and quoted numbers are refused.
     *
     * @param what the value's role, for the message, e.g. {@code "dimension 0 of tensor 'x'"}
     * @return the value
     */
    long nextUnsignedLong(String what) throws IOException {
        expect(Token.NUMBER, what, "a non-negative integer");
        String text = reader.nextNumber();
        if (text.startsWith("-")) {
            throw error(what + " is negative: " + quoted(text));
        }
        if (!UNSIGNED_INTEGER.matcher(text).matches()) {
            throw error(what + " is not an integer: " + quoted(text));
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(what + " is too large: " + quoted(text));
        }
    }

    /**
     * Reads a JSON string, number or boolean as text (for free-form metadata).
     *
     * @param what the value's role, for the message
     * @return the text, or {@code null} for a JSON null
     */
    String nextScalarAsText(String what) throws IOException {
        Token t = peek();
        switch (t) {
            case STRING:
                return reader.nextString();
            case NUMBER:
                return reader.nextNumber();
            case BOOLEAN:
                return Boolean.toString(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return null;
            default:
                throw error(what + " is " + describe(t) + ", expected a string, number, boolean or null");
        }
    }

    /**
     * Skips the next value, refusing to descend deeper than {@link #MAX_SKIP_DEPTH} and, as
     * everywhere in these files, a key that appears twice in one object.
     *
     * @param what the value's role, for the message
     */
    void skipValue(String what) throws IOException {
        skip(what, 0);
    }

    private void skip(String what, int depth) throws IOException {
        Token t = peek();
        if (t == Token.BEGIN_OBJECT || t == Token.BEGIN_ARRAY) {
            if (depth >= MAX_SKIP_DEPTH) {
                throw errorHere(what + " nests deeper than " + MAX_SKIP_DEPTH + " levels");
            }
            boolean object = t == Token.BEGIN_OBJECT;
            Set<String> names = object ? new HashSet<>() : null;
            if (object) {
                reader.beginObject();
            } else {
                reader.beginArray();
            }
            while (hasNext()) {
                if (object) {
                    String name = nextName();
                    if (!names.add(name)) {
                        throw errorHere(what + " has the key " + quoted(name) + " twice");
                    }
                }
                skip(what, depth + 1);
            }
            if (object) {
                endObject();
            } else {
                endArray();
            }
        } else {
            nextScalarAsText(what);
        }
    }

    /** Requires that nothing but whitespace follows the top-level value. */
    void expectEndOfDocument() throws IOException {
        // The reader itself refuses anything after the document.
        peek();
    }

    /**
     * Quotes a name or value taken from an untrusted file for an error message: shortened, with
     * control and format characters escaped, so that a message stays one readable line.
     *
     * @param s the text
     * @return the text in single quotes
     */
    static String quoted(String s) {
        return UntrustedText.quote(s);
    }

    private void expect(Token wanted, String what, String description) throws IOException {
        Token t = peek();
        if (t != wanted) {
            throw errorHere(what + " is " + describe(t) + ", expected " + description);
        }
    }

    private static String describe(Token t) {
        switch (t) {
            case BEGIN_OBJECT:
                return "an object";
            case BEGIN_ARRAY:
                return "an array";
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            case END_DOCUMENT:
                return "the end of the document";
            default:
                return "the end of a container";
        }
    }
}
