package dev.faceanon.text;

/**
 * Makes text taken from an untrusted file or from the file system (tensor names, config values,
 * JSON content, file names) safe to put in a message, a log line or on a terminal: characters that
 * could move the cursor, clear the screen, ring the bell, start an escape sequence or reorder the
 * text around them (C0 and C1 controls, DEL, Unicode format characters such as the bidirectional
 * overrides and isolates, line and paragraph separators, lone surrogates) are written as escapes ({@code \n}, {@code \t}, {@code \r},
 * {@code \\u001b}, {@code \\u202e}, or {@code \\U000e0001} above the BMP). Everything else,
 * including non-ASCII letters, is kept, so ordinary names read as they are.
 *
 * <p>The escaped form is for reading, not for parsing back: a backslash in the input is kept as it
 * is.
 */
public final class UntrustedText {

    /** Longest text {@link #quote} and {@link #abbreviate} show before shortening. */
    public static final int MAX_QUOTED_CHARS = 120;

    private UntrustedText() {}

    /**
     * @param text the text, or null
     * @return the text with every control, format and separator character escaped ({@code "null"}
     *     for null)
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        if (isClean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        appendEscaped(out, text, text.length());
        return out.toString();
    }

    /**
     * For messages: the text escaped, shortened to {@link #MAX_QUOTED_CHARS} characters (saying how
     * long it was) and in single quotes, so that a message stays one readable line.
     *
     * @param text the text, or null
     * @return the quoted form, e.g. {@code 'a\u0007b'}
     */
    public static String quote(String text) {
        return quote(text, '\'');
    }

    /**
     * As {@link #quote(String)}, with another quotation mark.
     *
     * @param text the text, or null
     * @param mark the quotation mark to put on either side, e.g. {@code '"'}
     * @return the quoted form
     */
    public static String quote(String text, char mark) {
        if (text == null) {
            return "null";
        }
        return mark + abbreviate(text) + mark;
    }

    /**
     * As {@link #quote(String)} without the quotation marks, for text that is already set apart,
     * e.g. one key of a path such as {@code vision_config.hidden_size}.
     *
     * @param text the text
     * @return the text escaped and, if longer than {@link #MAX_QUOTED_CHARS} characters, shortened
     *     to them followed by its length, e.g. {@code abc...(500 chars)}
     */
    public static String abbreviate(String text) {
        if (text.length() <= MAX_QUOTED_CHARS) {
            return escape(text);
        }
        StringBuilder out = new StringBuilder(MAX_QUOTED_CHARS + 24);
        appendEscaped(out, text, MAX_QUOTED_CHARS);
        return out.append("...(").append(text.length()).append(" chars)").toString();
    }

    /**
     * @param codePoint a Unicode code point
     * @return its conventional name, e.g. {@code U+001B}
     */
    public static String codePoint(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    /**
     * @param codePoint a Unicode code point (or a lone surrogate)
     * @return whether it must be escaped before reaching a terminal or a message
     */
    public static boolean needsEscape(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
                return true;
            default:
                return false;
        }
    }

    private static boolean isClean(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (needsEscape(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static void appendEscaped(StringBuilder out, String text, int end) {
        for (int i = 0; i < end; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!needsEscape(cp)) {
                out.appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp <= 0xFFFF) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        }
    }
}
