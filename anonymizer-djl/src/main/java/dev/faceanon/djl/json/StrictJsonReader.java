package dev.faceanon.djl.json;

import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;

/**
 * A pull reader of strict JSON (RFC 8259) in UTF-8, for the JSON documents of model files and of
 * the files users write (the command-line tool's faces file), which are untrusted.
 *
 * <p>Every problem with the input (invalid UTF-8, a truncated document, syntax only lenient
 * parsers accept such as comments, single quotes, unquoted names or trailing commas, content after
 * the document, nesting deeper than the dialect allows) is reported through the caller's error
 * factory with a message in the terms of the file, not of a parser: what is wrong and where (line
 * and column, counted in characters from 1). Nothing nests deeper than {@link Dialect#maxDepth()},
 * so no input can exhaust the stack of a recursive caller.
 *
 * <p>Duplicate keys are the caller's to detect, since only the caller knows the object a name
 * belongs to ({@link JsonTreeReader} does it for whole documents).
 *
 * <p>Not thread-safe; one reader reads one document.
 */
public final class StrictJsonReader {

    /** What the next call of a {@code next...} or {@code begin/end...} method consumes. */
    public enum Token {
        /** <code>{</code> */
        BEGIN_OBJECT,
        /** <code>}</code> */
        END_OBJECT,
        /** {@code [} */
        BEGIN_ARRAY,
        /** {@code ]} */
        END_ARRAY,
        /** an object member's name */
        NAME,
        /** a string value */
        STRING,
        /** a number value */
        NUMBER,
        /** {@code true} or {@code false} */
        BOOLEAN,
        /** {@code null} */
        NULL,
        /** the end of the input, after the document */
        END_DOCUMENT
    }

    /**
     * The variant of JSON a file is written in.
     *
     * @param pythonNonFiniteNumbers accept {@code NaN}, {@code Infinity} and {@code -Infinity} as
     *     numbers, which Python's {@code json} module writes (diffusers does, for
     *     {@code lambda_min_clipped})
     * @param byteOrderMark skip a UTF-8 byte order mark before the document
     * @param maxDepth the deepest nesting of objects and arrays accepted, at least 1
     * @param finiteDoubles refuse a number literal beyond the range of a {@code double} (such as
     *     {@code 1e400}), which would otherwise be read as infinite; for files whose numbers are
     *     coordinates or scores rather than settings Python reads
     */
    public record Dialect(boolean pythonNonFiniteNumbers, boolean byteOrderMark, int maxDepth,
            boolean finiteDoubles) {

        /** RFC 8259 as serde_json reads it (safetensors headers, shard indexes), nesting at most 64 deep. */
        public static final Dialect RFC_8259 = new Dialect(false, false, 64, false);

        /** What Python's {@code json.dump} writes (configuration files), nesting at most 64 deep. */
        public static final Dialect PYTHON_JSON = new Dialect(true, true, 64, false);

        /**
         * What a user writes by hand or by script (the command-line tool's faces file): RFC 8259
         * after an optional byte order mark, every number finite as a {@code double}, nesting at most
         * 32 deep.
         */
        public static final Dialect HAND_WRITTEN = new Dialect(false, true, 32, true);

        /**
         * Creates an instance, checking its components.
         *
         * @param pythonNonFiniteNumbers accept {@code NaN}, {@code Infinity} and {@code -Infinity} as
         *     numbers, which Python's {@code json} module writes (diffusers does, for
         *     {@code lambda_min_clipped})
         * @param byteOrderMark skip a UTF-8 byte order mark before the document
         * @param maxDepth the deepest nesting of objects and arrays accepted, at least 1
         * @param finiteDoubles refuse a number literal beyond the range of a {@code double} (such as
         *     {@code 1e400}), which would otherwise be read as infinite; for files whose numbers are
         *     coordinates or scores rather than settings Python reads
         * @throws IllegalArgumentException if {@code maxDepth} is below 1, or if both
         *     {@code pythonNonFiniteNumbers} and {@code finiteDoubles} are set (they contradict each
         *     other)
         */
        public Dialect {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
            }
            if (pythonNonFiniteNumbers && finiteDoubles) {
                throw new IllegalArgumentException("a dialect cannot accept NaN and Infinity and also require finite"
                        + " numbers");
            }
        }
    }

    /** Longest number literal accepted; real ones have a few dozen characters. */
    static final int MAX_NUMBER_CHARS = 1000;

    private static final int END = -1;

    private static final int EMPTY_DOCUMENT = 0;
    private static final int NONEMPTY_DOCUMENT = 1;
    private static final int EMPTY_OBJECT = 2;
    private static final int DANGLING_NAME = 3;
    private static final int NONEMPTY_OBJECT = 4;
    private static final int EMPTY_ARRAY = 5;
    private static final int NONEMPTY_ARRAY = 6;

    private final InputStream in;
    private final Dialect dialect;
    private final Function<String, ? extends RuntimeException> errors;
    private final byte[] buffer = new byte[8192];
    private int bufferPosition;
    private int bufferLimit;

    /** The decoded character after the consumed input, once looked at; {@link #END} at the end. */
    private int pending;
    private boolean hasPending;
    private int pendingBytes;

    /** Position of the next unconsumed character. */
    private long byteOffset;
    private long line = 1;
    private long column = 1;
    /** Position of the start of the token last looked at, for messages. */
    private long tokenLine = 1;
    private long tokenColumn = 1;

    private final int[] stack;
    private int stackSize;
    private Token peeked;
    private String peekedText;
    private String lastName;

    private StrictJsonReader(InputStream in, Dialect dialect, Function<String, ? extends RuntimeException> errors) {
        this.in = in;
        this.dialect = dialect;
        this.errors = errors;
        // The document level plus maxDepth containers.
        this.stack = new int[dialect.maxDepth() + 1];
        this.stack[0] = EMPTY_DOCUMENT;
        this.stackSize = 1;
    }

    /**
     * @param utf8 the document's bytes; read up to the end of the input (the caller closes it)
     * @param dialect the variant of JSON accepted
     * @param errors makes the exception for a problem with the input from its description (which
     *     ends with the position); typically a file-format exception naming the file
     * @return the reader
     */
    public static StrictJsonReader of(InputStream utf8, Dialect dialect,
            Function<String, ? extends RuntimeException> errors) {
        return new StrictJsonReader(Objects.requireNonNull(utf8, "utf8"), Objects.requireNonNull(dialect, "dialect"),
                Objects.requireNonNull(errors, "errors"));
    }

    /**
     * @param description what is wrong with the input, in the file's terms
     * @return the caller's exception for it, with the position of the token last looked at appended
     */
    private RuntimeException error(String description) {
        return errors.apply(description + " (" + location() + ")");
    }

    /** @return where the token last looked at starts, e.g. {@code line 3, column 14} */
    public String location() {
        return "line " + tokenLine + ", column " + tokenColumn;
    }

    /**
     * @return the kind of the next token, without consuming it
     * @throws IOException if reading the input fails
     */
    public Token peek() throws IOException {
        if (peeked == null) {
            peeked = readToken();
        }
        return peeked;
    }

    /**
     * @return whether the current object or array has another member
     * @throws IOException if reading the input fails
     */
    public boolean hasNext() throws IOException {
        Token t = peek();
        return t != Token.END_OBJECT && t != Token.END_ARRAY && t != Token.END_DOCUMENT;
    }

    /**
     * Consumes <code>{</code>.
     *
     * @throws IOException if reading the input fails
     * @throws IllegalStateException if the next token is something else (check with {@link #peek})
     */
    public void beginObject() throws IOException {
        consume(Token.BEGIN_OBJECT);
        push(EMPTY_OBJECT);
    }

    /**
     * Consumes <code>}</code>.
     *
     * @throws IOException if reading the input fails
     * @throws IllegalStateException if the next token is something else
     */
    public void endObject() throws IOException {
        consume(Token.END_OBJECT);
        stackSize--;
    }

    /**
     * Consumes {@code [}.
     *
     * @throws IOException if reading the input fails
     * @throws IllegalStateException if the next token is something else
     */
    public void beginArray() throws IOException {
        consume(Token.BEGIN_ARRAY);
        push(EMPTY_ARRAY);
    }

    /**
     * Consumes {@code ]}.
     *
     * @throws IOException if reading the input fails
     * @throws IllegalStateException if the next token is something else
     */
    public void endArray() throws IOException {
        consume(Token.END_ARRAY);
        stackSize--;
    }

    /**
     * @return the next member's name
     * @throws IOException if reading the input fails
     * @throws IllegalStateException if the next token is something else
     */
    public String nextName() throws IOException {
        return consume(Token.NAME);
    }

    /**
     * @return the next string value
     * @throws IOException if reading the input fails
     * @throws IllegalStateException if the next token is something else
     */
    public String nextString() throws IOException {
        return consume(Token.STRING);
    }

    /**
     * @return the next number's literal text, exactly as written (e.g. {@code -1.5e3}, or
     *     {@code NaN} in the Python dialect)
     * @throws IOException if reading the input fails
     * @throws IllegalStateException if the next token is something else
     */
    public String nextNumber() throws IOException {
        return consume(Token.NUMBER);
    }

    /**
     * @return the next boolean
     * @throws IOException if reading the input fails
     * @throws IllegalStateException if the next token is something else
     */
    public boolean nextBoolean() throws IOException {
        return Boolean.parseBoolean(consume(Token.BOOLEAN));
    }

    /**
     * Consumes {@code null}.
     *
     * @throws IOException if reading the input fails
     * @throws IllegalStateException if the next token is something else
     */
    public void nextNull() throws IOException {
        consume(Token.NULL);
    }

    private String consume(Token wanted) throws IOException {
        Token t = peek();
        if (t != wanted) {
            throw new IllegalStateException("expected " + wanted + " but the next token is " + t);
        }
        String text = peekedText;
        peeked = null;
        peekedText = null;
        return text;
    }

    private void push(int context) {
        if (stackSize == stack.length) {
            throw error("the JSON nests deeper than " + dialect.maxDepth() + " levels of objects and arrays");
        }
        stack[stackSize++] = context;
    }

    private Token readToken() throws IOException {
        int top = stackSize - 1;
        switch (stack[top]) {
            case EMPTY_DOCUMENT:
                if (dialect.byteOrderMark() && peekChar() == 0xFEFF) {
                    advance();
                }
                stack[top] = NONEMPTY_DOCUMENT;
                if (skipWhitespace() == END) {
                    markToken();
                    throw error("the JSON ends before it is complete: it is empty, there is no value at all");
                }
                return readValue();
            case NONEMPTY_DOCUMENT:
                if (skipWhitespace() == END) {
                    return Token.END_DOCUMENT;
                }
                markToken();
                throw error("unexpected " + describe(peekChar()) + " after the end of the JSON document");
            case EMPTY_OBJECT:
                return objectMember(skipWhitespace(), "a name in double quotes or '}'");
            case NONEMPTY_OBJECT:
                return afterValue(skipWhitespace(), true);
            case DANGLING_NAME:
                if (skipWhitespace() != ':') {
                    markToken();
                    throw unexpected("':' after the name " + UntrustedText.quote(lastName));
                }
                advance();
                stack[top] = NONEMPTY_OBJECT;
                if (skipWhitespace() == END) {
                    markToken();
                    throw error("the JSON ends before it is complete: the value of "
                            + UntrustedText.quote(lastName) + " is missing");
                }
                return readValue();
            case EMPTY_ARRAY:
                if (skipWhitespace() == ']') {
                    return closing(Token.END_ARRAY);
                }
                stack[top] = NONEMPTY_ARRAY;
                return arrayElement();
            default:
                return afterValue(skipWhitespace(), false);
        }
    }

    /** After a value in an object or array: the container's end, or a comma and the next member. */
    private Token afterValue(int c, boolean object) throws IOException {
        char close = object ? '}' : ']';
        if (c == close) {
            return closing(object ? Token.END_OBJECT : Token.END_ARRAY);
        }
        if (c != ',') {
            markToken();
            throw unexpected("',' or '" + close + "' after a value in " + (object ? "an object" : "an array"));
        }
        advance();
        int next = skipWhitespace();
        if (next == close) {
            markToken();
            throw error("a comma before '" + close + "': JSON does not allow a trailing comma");
        }
        return object ? objectMember(next, "a name in double quotes after ','") : arrayElement();
    }

    private Token objectMember(int c, String expected) throws IOException {
        markToken();
        if (c == '}') {
            return closing(Token.END_OBJECT);
        }
        if (c != '"') {
            throw unexpected(expected);
        }
        advance();
        lastName = readStringBody();
        stack[stackSize - 1] = DANGLING_NAME;
        peekedText = lastName;
        return Token.NAME;
    }

    private Token arrayElement() throws IOException {
        if (peekChar() == END) {
            markToken();
            throw unexpected("a value");
        }
        return readValue();
    }

    private Token closing(Token token) throws IOException {
        markToken();
        advance();
        return token;
    }

    /** Reads the value starting at the next character, which is not whitespace. */
    private Token readValue() throws IOException {
        markToken();
        int c = peekChar();
        switch (c) {
            case '{':
                advance();
                return Token.BEGIN_OBJECT;
            case '[':
                advance();
                return Token.BEGIN_ARRAY;
            case '"':
                advance();
                peekedText = readStringBody();
                return Token.STRING;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    peekedText = checkRange(readNumber());
                    return Token.NUMBER;
                }
                if (isWordChar(c)) {
                    return readWord();
                }
                throw unexpected("a value");
        }
    }

    private Token readWord() throws IOException {
        String word = readWordText(new StringBuilder());
        switch (word) {
            case "true":
            case "false":
                peekedText = word;
                return Token.BOOLEAN;
            case "null":
                return Token.NULL;
            case "NaN":
            case "Infinity":
                return nonFinite(word);
            default:
                throw error(UntrustedText.quote(word)
                        + " is not a JSON value: strings and names must be in double quotes");
        }
    }

    private Token nonFinite(String word) {
        if (!dialect.pythonNonFiniteNumbers()) {
            throw error(word + " is not a JSON number (only lenient parsers accept it)");
        }
        peekedText = word;
        return Token.NUMBER;
    }

    private String readWordText(StringBuilder word) throws IOException {
        while (isWordChar(peekChar()) && word.length() <= 40) {
            word.appendCodePoint(peekChar());
            advance();
        }
        return word.toString();
    }

    private static boolean isWordChar(int c) {
        return c != END && (Character.isLetterOrDigit(c) || c == '_' || c == '$');
    }

    /** Reads a number by the RFC 8259 grammar: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private String readNumber() throws IOException {
        StringBuilder text = new StringBuilder();
        if (peekChar() == '-') {
            text.append('-');
            advance();
            if (peekChar() == 'I') {
                String word = readWordText(text);
                if (word.equals("-Infinity")) {
                    nonFinite(word);
                    return word;
                }
                throw error(UntrustedText.quote(word) + " is not a JSON number");
            }
        }
        int c = peekChar();
        if (c == '0') {
            appendDigit(text);
            if (isDigit(peekChar())) {
                throw malformedNumber(text, "a number may not start with the digit 0 followed by more digits");
            }
        } else if (isDigit(c)) {
            appendDigits(text);
        } else {
            throw malformedNumber(text, "a digit must follow '-'");
        }
        if (peekChar() == '.') {
            text.append('.');
            advance();
            if (!isDigit(peekChar())) {
                throw malformedNumber(text, "a digit must follow the decimal point");
            }
            appendDigits(text);
        }
        if (peekChar() == 'e' || peekChar() == 'E') {
            text.appendCodePoint(peekChar());
            advance();
            if (peekChar() == '+' || peekChar() == '-') {
                text.appendCodePoint(peekChar());
                advance();
            }
            if (!isDigit(peekChar())) {
                throw malformedNumber(text, "a digit must follow the exponent");
            }
            appendDigits(text);
        }
        if (isWordChar(peekChar()) || peekChar() == '.') {
            text.appendCodePoint(peekChar());
            throw malformedNumber(text, "it continues with characters a number cannot hold");
        }
        return text.toString();
    }

    private String checkRange(String literal) {
        if (dialect.finiteDoubles() && Double.isInfinite(Double.parseDouble(literal))) {
            throw error("not a finite number: " + UntrustedText.quote(literal)
                    + " is beyond the range of a double-precision number (about 1.8e308)");
        }
        return literal;
    }

    private void appendDigits(StringBuilder text) throws IOException {
        while (isDigit(peekChar())) {
            appendDigit(text);
        }
    }

    private void appendDigit(StringBuilder text) throws IOException {
        if (text.length() >= MAX_NUMBER_CHARS) {
            throw error("a number is longer than " + MAX_NUMBER_CHARS + " characters");
        }
        text.append((char) peekChar());
        advance();
    }

    private RuntimeException malformedNumber(StringBuilder text, String why) {
        return error("malformed number " + UntrustedText.quote(text.toString()) + ": " + why);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Reads the rest of a string whose opening quote is consumed, up to and including the closing quote. */
    private String readStringBody() throws IOException {
        StringBuilder s = new StringBuilder();
        while (true) {
            int c = peekChar();
            if (c == END) {
                throw error("the JSON ends inside a string: the closing '\"' is missing");
            }
            advance();
            if (c == '"') {
                return s.toString();
            }
            if (c == '\\') {
                readEscape(s);
            } else if (c < 0x20) {
                throw error("a control character (" + UntrustedText.codePoint(c)
                        + ") inside a string: JSON requires it written as an escape such as \\n");
            } else {
                s.appendCodePoint(c);
            }
        }
    }

    private void readEscape(StringBuilder s) throws IOException {
        int c = peekChar();
        if (c == END) {
            throw error("the JSON ends inside a string: the closing '\"' is missing");
        }
        advance();
        switch (c) {
            case '"':
            case '\\':
            case '/':
                s.append((char) c);
                return;
            case 'b':
                s.append('\b');
                return;
            case 'f':
                s.append('\f');
                return;
            case 'n':
                s.append('\n');
                return;
            case 'r':
                s.append('\r');
                return;
            case 't':
                s.append('\t');
                return;
            case 'u':
                s.append(readHexEscape());
                return;
            default:
                throw error("invalid escape sequence \\" + UntrustedText.escape(new String(Character.toChars(c)))
                        + " in a string; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
        }
    }

    private char readHexEscape() throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = hexDigit(peekChar());
            if (digit < 0) {
                throw error("invalid escape sequence in a string: \\u must be followed by four hexadecimal digits");
            }
            value = value * 16 + digit;
            advance();
        }
        return (char) value;
    }

    private static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Skips whitespace; returns the next character (not consumed), or {@link #END}. */
    private int skipWhitespace() throws IOException {
        int c = peekChar();
        while (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            advance();
            c = peekChar();
        }
        return c;
    }

    private void markToken() {
        tokenLine = line;
        tokenColumn = column;
    }

    private RuntimeException unexpected(String expected) throws IOException {
        int c = peekChar();
        if (c == END) {
            return error("the JSON ends before it is complete: " + openContainers() + ", expected " + expected);
        }
        if (c == '/' || c == '#') {
            return error("a comment ('" + (char) c + "'): JSON has no comments");
        }
        if (c == '\'') {
            return error("a single-quoted string: JSON strings and names use double quotes");
        }
        if (Character.isLetter(c)) {
            String word = readWordText(new StringBuilder());
            return error(UntrustedText.quote(word) + " is not valid here: names and strings must be in double"
                    + " quotes; expected " + expected);
        }
        return error("unexpected " + describe(c) + ", expected " + expected);
    }

    private String openContainers() {
        int objects = 0;
        int arrays = 0;
        for (int i = 1; i < stackSize; i++) {
            if (stack[i] == EMPTY_ARRAY || stack[i] == NONEMPTY_ARRAY) {
                arrays++;
            } else {
                objects++;
            }
        }
        return (objects == 0 ? "" : objects + (objects == 1 ? " object" : " objects"))
                + (objects > 0 && arrays > 0 ? " and " : "")
                + (arrays == 0 ? "" : arrays + (arrays == 1 ? " array" : " arrays"))
                + (objects + arrays == 1 ? " is" : " are") + " not closed";
    }

    private static String describe(int c) {
        return "character " + UntrustedText.quote(new String(Character.toChars(c))) + " ("
                + UntrustedText.codePoint(c) + ")";
    }

    // ---- UTF-8 decoding, with the position of every character ----

    private int peekChar() throws IOException {
        if (!hasPending) {
            pending = decode();
            hasPending = true;
        }
        return pending;
    }

    private void advance() throws IOException {
        int c = peekChar();
        if (c == END) {
            return;
        }
        hasPending = false;
        byteOffset += pendingBytes;
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }

    /** Decodes one code point, refusing overlong forms, surrogates and values above U+10FFFF. */
    private int decode() throws IOException {
        int b0 = readByte();
        if (b0 < 0) {
            pendingBytes = 0;
            return END;
        }
        if (b0 < 0x80) {
            pendingBytes = 1;
            return b0;
        }
        int continuation;
        int cp;
        int low = 0x80;
        int high = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            continuation = 1;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            continuation = 2;
            cp = b0 & 0x0F;
            low = b0 == 0xE0 ? 0xA0 : 0x80;
            high = b0 == 0xED ? 0x9F : 0xBF;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            continuation = 3;
            cp = b0 & 0x07;
            low = b0 == 0xF0 ? 0x90 : 0x80;
            high = b0 == 0xF4 ? 0x8F : 0xBF;
        } else {
            throw invalidUtf8();
        }
        for (int i = 0; i < continuation; i++) {
            int b = readByte();
            if (b < low || b > high) {
                throw invalidUtf8();
            }
            cp = (cp << 6) | (b & 0x3F);
            low = 0x80;
            high = 0xBF;
        }
        pendingBytes = continuation + 1;
        return cp;
    }

    private RuntimeException invalidUtf8() {
        return errors.apply("the text is not valid UTF-8: an invalid byte sequence starts at byte " + byteOffset
                + " of the JSON (line " + line + ", column " + column + ")");
    }

    private int readByte() throws IOException {
        if (bufferPosition == bufferLimit) {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return -1;
            }
            bufferPosition = 0;
            bufferLimit = n;
        }
        return buffer[bufferPosition++] & 0xFF;
    }
}
