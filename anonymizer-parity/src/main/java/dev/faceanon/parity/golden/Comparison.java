package dev.faceanon.parity.golden;

/**
 * The outcome of comparing an array with its reference under a {@link Tolerance}.
 *
 * @param tolerance the criterion used
 * @param count number of elements compared
 * @param failures elements outside the tolerance
 * @param maxAbs largest absolute difference
 * @param maxRel largest difference relative to a non-zero reference element
 * @param worstIndex the element furthest outside (or closest to) its allowed band, -1 if empty
 * @param worstActual the value under test there
 * @param worstExpected the reference value there
 */
public record Comparison(Tolerance tolerance, int count, int failures, double maxAbs, double maxRel,
        int worstIndex, float worstActual, float worstExpected) {

    /** @return true if every element is within the tolerance */
    public boolean passed() {
        return failures == 0;
    }

    /** @return a one-line summary for logs and assertion messages */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%s: max abs %.3e, max rel %.3e, %d/%d outside (%s); worst [%d] %.7g vs %.7g",
                passed() ? "PASS" : "FAIL", maxAbs, maxRel, failures, count, tolerance, worstIndex,
                worstActual, worstExpected);
    }

    @Override
    public String toString() {
        return summary();
    }
}
