package dev.faceanon.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses a JSON document (RFC 8259) strictly into Gson's tree, for files a user writes by hand or
 * by script. Gson's own parser is lenient (comments, single quotes, NaN) and lets the last of two
 * equal keys win silently; in a faces file that drops an image's faces. Here a duplicate key
 * anywhere is an error, so are non-finite numbers and nesting beyond {@link #MAX_DEPTH}, and every
 * error says what is wrong and where (line and column) in words a user can act on.
 */
final class StrictJsonParser {
    /** Deeper nesting is refused: the formats read here need a handful of levels. */
    static final int MAX_DEPTH = 32;

    /** Why a text is not acceptable JSON, with its position. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private final CharSequence text;
    private int pos;
    private int depth;

    private StrictJsonParser(CharSequence text) {
        this.text = text;
    }

    /**
     * @param utf8 the document's bytes (a leading byte order mark is ignored)
     * @return its value
     * @throws SyntaxError if the bytes are not UTF-8 or not one strict JSON value
     */
    static JsonElement parse(byte[] utf8) throws SyntaxError {
        StrictJsonParser parser = new StrictJsonParser(decode(utf8));
        return parser.document();
    }

    private static CharSequence decode(byte[] bytes) throws SyntaxError {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new SyntaxError(String.format("not UTF-8 text: invalid byte 0x%02X at byte %d (line %d); save the"
                    + " file as UTF-8", bytes[at] & 0xff, at, line));
        }
        return out.flip();
    }

    private JsonElement document() throws SyntaxError {
        if (pos < text.length() && text.charAt(pos) == '\uFEFF') {
            pos++;
        }
        skipWhitespace();
        if (pos == text.length()) {
            throw new SyntaxError("the file is empty: a JSON value is expected");
        }
        JsonElement value = value();
        skipWhitespace();
        if (pos < text.length()) {
            throw error(pos, "unexpected text after the end of the JSON value: " + shown(text.charAt(pos)));
        }
        return value;
    }

    private JsonElement value() throws SyntaxError {
        skipWhitespace();
        if (pos == text.length()) {
            throw endOfText("a value");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return object();
        } else if (c == '[') {
            return array();
        } else if (c == '"') {
            return new JsonPrimitive(string());
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        } else if (c == '\'') {
            throw error(pos, "strings must be in double quotes, not single quotes");
        } else if (Character.isLetter(c)) {
            return word();
        }
        throw error(pos, "unexpected character " + shown(c) + " where a value was expected");
    }

    private JsonObject object() throws SyntaxError {
        enter();
        JsonObject object = new JsonObject();
        Map<String, Integer> keyAt = new HashMap<>();
        if (closesAtOnce('}')) {
            return object;
        }
        while (true) {
            skipWhitespace();
            if (pos == text.length()) {
                throw endOfText("a key in double quotes");
            }
            char c = text.charAt(pos);
            if (c == '}' && !keyAt.isEmpty()) {
                throw error(pos, "trailing comma before '}': remove it");
            } else if (c != '"') {
                throw error(pos, "keys must be strings in double quotes, found " + shown(c));
            }
            int start = pos;
            String key = string();
            Integer first = keyAt.putIfAbsent(key, start);
            if (first != null) {
                throw error(start, "the key " + TerminalText.quote(key) + " appears twice in the same object (first at "
                        + position(first) + "); each key may appear only once");
            }
            skipWhitespace();
            if (pos == text.length()) {
                throw endOfText("':' after the key " + TerminalText.quote(key));
            } else if (text.charAt(pos) != ':') {
                throw error(pos, "expected ':' after the key " + TerminalText.quote(key) + ", found "
                        + shown(text.charAt(pos)));
            }
            pos++;
            object.add(key, value());
            if (endOfContainer('}')) {
                depth--;
                return object;
            }
        }
    }

    private JsonArray array() throws SyntaxError {
        enter();
        JsonArray array = new JsonArray();
        if (closesAtOnce(']')) {
            return array;
        }
        while (true) {
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == ']') {
                throw error(pos, "trailing comma before ']': remove it");
            }
            array.add(value());
            if (endOfContainer(']')) {
                depth--;
                return array;
            }
        }
    }

    /** Right after an opening bracket: true if the container is empty (closing bracket consumed, level left). */
    private boolean closesAtOnce(char close) throws SyntaxError {
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == close) {
            pos++;
            depth--;
            return true;
        }
        return false;
    }

    /** After a member: true at the closing bracket (consumed), false after a comma (consumed). */
    private boolean endOfContainer(char close) throws SyntaxError {
        skipWhitespace();
        if (pos == text.length()) {
            throw endOfText("',' or '" + close + "'");
        }
        char c = text.charAt(pos++);
        if (c == close) {
            return true;
        } else if (c == ',') {
            return false;
        }
        throw error(pos - 1, "expected ',' or '" + close + "', found " + shown(c));
    }

    private void enter() throws SyntaxError {
        if (++depth > MAX_DEPTH) {
            throw error(pos, "nested deeper than " + MAX_DEPTH + " levels");
        }
        pos++;
    }

    private String string() throws SyntaxError {
        int start = pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos == text.length()) {
                throw endOfText("the end of the string that starts at " + position(start));
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            } else if (c == '\\') {
                out.append(escape());
            } else if (c < 0x20) {
                throw error(pos - 1, String.format("control character U+%04X in a string: write it as \\u%04x", (int) c,
                        (int) c));
            } else {
                out.append(c);
            }
        }
    }

    private char escape() throws SyntaxError {
        if (pos == text.length()) {
            throw endOfText("an escape sequence");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"', '\\', '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
                    if (digit < 0) {
                        throw error(pos, "invalid escape sequence: \\u must be followed by 4 hexadecimal digits");
                    }
                    value = value * 16 + digit;
                    pos++;
                }
                return (char) value;
            default:
                throw error(pos - 2, "invalid escape sequence \\" + TerminalText.escape(String.valueOf(c))
                        + " in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
        }
    }

    private JsonElement number() throws SyntaxError {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
            if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                return nonNumber(start, word(pos));
            }
        }
        if (pos < text.length() && text.charAt(pos) == '0') {
            pos++;
            if (pos < text.length() && isDigit(text.charAt(pos))) {
                throw error(start, "invalid number: no leading zeros allowed");
            }
        } else if (digits() == 0) {
            throw error(start, "invalid number: a digit must follow '-'");
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (digits() == 0) {
                throw error(start, "invalid number: a digit must follow the decimal point");
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error(start, "invalid number: a digit must follow the exponent");
            }
        }
        String literal = text.subSequence(start, pos).toString();
        double value = Double.parseDouble(literal);
        if (!Double.isFinite(value)) {
            throw error(start, "not a finite number: " + (literal.length() > 24 ? literal.substring(0, 24) + "..."
                    : literal));
        }
        return new JsonPrimitive(value);
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos - start;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonElement word() throws SyntaxError {
        int start = pos;
        String word = word(pos);
        switch (word) {
            case "true":
                return new JsonPrimitive(true);
            case "false":
                return new JsonPrimitive(false);
            case "null":
                return JsonNull.INSTANCE;
            default:
                return nonNumber(start, word);
        }
    }

    private JsonElement nonNumber(int start, String word) throws SyntaxError {
        if (word.equals("NaN") || word.equals("Infinity")) {
            throw error(start, word + " is not allowed in JSON: give a finite number");
        }
        throw error(start, "unexpected word " + TerminalText.quote(word) + ": strings must be in double quotes");
    }

    /** Reads letters and digits from {@code from}. */
    private String word(int from) {
        pos = from;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.subSequence(from, pos).toString();
    }

    private void skipWhitespace() throws SyntaxError {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '/' && pos + 1 < text.length() && (text.charAt(pos + 1) == '/' || text.charAt(pos + 1) == '*')) {
                throw error(pos, "comments are not allowed in JSON");
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private SyntaxError endOfText(String expected) {
        return error(text.length(), "the file ends early, where " + expected + " was expected: is it truncated?");
    }

    private SyntaxError error(int at, String problem) {
        return new SyntaxError(position(at) + ": " + problem);
    }

    private String position(int at) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (at - lineStart + 1);
    }

    private static String shown(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + TerminalText.escape(String.valueOf(c))
                + "'";
    }
}
