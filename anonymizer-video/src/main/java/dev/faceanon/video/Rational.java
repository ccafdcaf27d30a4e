package dev.faceanon.video;

import dev.faceanon.text.UntrustedText;

/**
 * A positive rational number, as videos state frame rates ({@code 30000/1001}) and time bases
 * ({@code 1/12800}).
 *
 * @param numerator at least 1
 * @param denominator at least 1
 */
public record Rational(long numerator, long denominator) {

    /** Longest numerator or denominator {@link #parse} reads, in digits. */
    private static final int MAX_DIGITS = 12;

    /**
     * @param numerator see {@link #numerator()}
     * @param denominator see {@link #denominator()}
     * @throws IllegalArgumentException if a part is not positive
     */
    public Rational {
        if (numerator < 1 || denominator < 1) {
            throw new IllegalArgumentException("a rational needs a positive numerator and denominator, got "
                    + numerator + "/" + denominator);
        }
    }

    /**
     * @param text {@code N/D} or {@code N}, each part at most 12 decimal digits
     * @return the number
     * @throws IllegalArgumentException if the text is not of that form or a part is zero
     */
    public static Rational parse(String text) {
        int slash = text.indexOf('/');
        String n = slash < 0 ? text : text.substring(0, slash);
        String d = slash < 0 ? "1" : text.substring(slash + 1);
        if (!digits(n) || !digits(d)) {
            throw new IllegalArgumentException("not a rational number N/D: " + UntrustedText.quote(text));
        }
        return new Rational(Long.parseLong(n), Long.parseLong(d));
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.length() <= MAX_DIGITS && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** @return the value as a double */
    public double toDouble() {
        return (double) numerator / denominator;
    }

    /** @return {@code N/D}, as ffmpeg reads it */
    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
