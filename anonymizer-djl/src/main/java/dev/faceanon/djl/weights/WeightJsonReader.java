package dev.faceanon.djl.weights;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import dev.faceanon.model.WeightFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Strict reading of the small JSON documents that weight files carry (safetensors headers, shard
 * indexes), where the JSON is untrusted: every syntax, encoding or type problem becomes a {@link
 * WeightFormatException} naming the file, never a Gson or decoder exception, and nothing nests
 * deeper than {@link #MAX_SKIP_DEPTH} (Gson's own stack would grow with the nesting of the input).
 * Only genuine read failures of the underlying stream escape as {@link IOException}.
 */
final class WeightJsonReader {

    /** Deepest nesting an ignored value may have; real headers nest three levels. */
    static final int MAX_SKIP_DEPTH = 32;

    // Canonical JSON integers only: no sign, fraction, exponent or leading zero.
    private static final Pattern UNSIGNED_INTEGER = Pattern.compile("0|[1-9][0-9]*");
    private static final int MAX_QUOTED_CHARS = 120;

    private final JsonReader reader;
    private final Path file;

    private WeightJsonReader(JsonReader reader, Path file) {
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
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        JsonReader json = new JsonReader(new InputStreamReader(utf8, decoder));
        json.setStrictness(Strictness.STRICT);
        return new WeightJsonReader(json, file);
    }

    /**
     * @param message what is wrong
     * @return an exception naming the file, for the caller to throw
     */
    WeightFormatException error(String message) {
        return new WeightFormatException(file, message);
    }

    JsonToken peek() throws IOException {
        return call(reader::peek);
    }

    boolean hasNext() throws IOException {
        return call(reader::hasNext);
    }

    String nextName() throws IOException {
        return call(reader::nextName);
    }

    void endObject() throws IOException {
        call(() -> {
            reader.endObject();
            return null;
        });
    }

    void endArray() throws IOException {
        call(() -> {
            reader.endArray();
            return null;
        });
    }

    /**
     * @param what the value's role, for the message, e.g. {@code "entry of tensor 'x'"}
     */
    void beginObject(String what) throws IOException {
        expect(JsonToken.BEGIN_OBJECT, what, "a JSON object");
        call(() -> {
            reader.beginObject();
            return null;
        });
    }

    /**
     * @param what the value's role, for the message
     */
    void beginArray(String what) throws IOException {
        expect(JsonToken.BEGIN_ARRAY, what, "a JSON array");
        call(() -> {
            reader.beginArray();
            return null;
        });
    }

    /**
     * @param what the value's role, for the message
     * @return the string value (a JSON number is not accepted)
     */
    String nextString(String what) throws IOException {
        expect(JsonToken.STRING, what, "a string");
        return call(reader::nextString);
    }

    /**
     * Reads a JSON number that must be an integer in {@code [0, Long.MAX_VALUE]}, from its literal
     * text: Gson's own {@code nextLong} would accept {@code 1.0}, {@code 1e3} and quoted numbers.
     *
     * @param what the value's role, for the message, e.g. {@code "dimension 0 of tensor 'x'"}
     * @return the value
     */
    long nextUnsignedLong(String what) throws IOException {
        expect(JsonToken.NUMBER, what, "a non-negative integer");
        String text = call(reader::nextString);
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
        JsonToken t = peek();
        switch (t) {
            case STRING:
            case NUMBER:
                return call(reader::nextString);
            case BOOLEAN:
                return Boolean.toString(call(reader::nextBoolean));
            case NULL:
                call(() -> {
                    reader.nextNull();
                    return null;
                });
                return null;
            default:
                throw error(what + " is " + describe(t) + ", expected a string, number, boolean or null");
        }
    }

    /**
     * Skips the next value, refusing to descend deeper than {@link #MAX_SKIP_DEPTH}.
     *
     * @param what the value's role, for the message
     */
    void skipValue(String what) throws IOException {
        skip(what, 0);
    }

    private void skip(String what, int depth) throws IOException {
        JsonToken t = peek();
        if (t == JsonToken.BEGIN_OBJECT || t == JsonToken.BEGIN_ARRAY) {
            if (depth >= MAX_SKIP_DEPTH) {
                throw error(what + " nests deeper than " + MAX_SKIP_DEPTH + " levels");
            }
            boolean object = t == JsonToken.BEGIN_OBJECT;
            call(() -> {
                if (object) {
                    reader.beginObject();
                } else {
                    reader.beginArray();
                }
                return null;
            });
            while (hasNext()) {
                if (object) {
                    nextName();
                }
                skip(what, depth + 1);
            }
            if (object) {
                endObject();
            } else {
                endArray();
            }
        } else {
            // A scalar: strings and numbers are consumed without being kept.
            call(() -> {
                reader.skipValue();
                return null;
            });
        }
    }

    /** Requires that nothing but whitespace follows the top-level value. */
    void expectEndOfDocument() throws IOException {
        JsonToken t = peek();
        if (t != JsonToken.END_DOCUMENT) {
            throw error("unexpected " + describe(t) + " after the end of the JSON document");
        }
    }

    /**
     * Quotes a name or value taken from an untrusted file for an error message: shortened, with
     * control characters escaped, so that a message stays one readable line.
     *
     * @param s the text
     * @return the text in single quotes
     */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_QUOTED_CHARS) + 8).append('\'');
        int n = Math.min(s.length(), MAX_QUOTED_CHARS);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > n) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.append('\'').toString();
    }

    private void expect(JsonToken wanted, String what, String description) throws IOException {
        JsonToken t = peek();
        if (t != wanted) {
            throw error(what + " is " + describe(t) + ", expected " + description);
        }
    }

    private static String describe(JsonToken t) {
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

    /** One read step of the underlying JsonReader. */
    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException;
    }

    private <T> T call(Step<T> step) throws IOException {
        try {
            return step.run();
        } catch (MalformedJsonException e) {
            throw error("not valid JSON: " + firstLine(e.getMessage()), e);
        } catch (EOFException e) {
            throw error("the JSON ends before it is complete", e);
        } catch (CharacterCodingException e) {
            throw error("the JSON is not valid UTF-8", e);
        } catch (IllegalStateException | NumberFormatException e) {
            // Gson reports some structural mismatches this way; they are still bad input.
            throw error("not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private WeightFormatException error(String message, Throwable cause) {
        return new WeightFormatException(file, message, cause);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        // Gson appends a troubleshooting URL on a second line.
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
