package dev.faceanon.examples.cli;

/**
 * Names from files (image names, keys of a faces file) made safe to print: control and format
 * characters could move the cursor, clear the screen or reorder the line on a terminal, so they
 * are shown as {@code \}{@code uXXXX} escapes instead.
 */
final class TerminalText {
    /** Longer quoted text is cut: a message has to stay one readable line. */
    static final int MAX_QUOTED = 120;

    private TerminalText() {}

    /**
     * @param text any text
     * @return the text with every control and format character escaped
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /**
     * @param text any text
     * @return the text escaped, in double quotes, cut after {@link #MAX_QUOTED} characters (then ending in ...)
     */
    static String quote(String text) {
        boolean cut = text.length() > MAX_QUOTED;
        return "\"" + escape(cut ? text.substring(0, MAX_QUOTED) : text) + (cut ? "...\"" : "\"");
    }
}
