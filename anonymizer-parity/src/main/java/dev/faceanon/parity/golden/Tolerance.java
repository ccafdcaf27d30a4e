package dev.faceanon.parity.golden;

/**
 * An elementwise closeness criterion {@code |a − b| ≤ atol + rtol·|b|}, with {@code b} the
 * reference, as numpy's {@code allclose}. Each golden check states which tolerance it uses and why
 * (docs/parity.md).
 *
 * @param atol absolute part, ≥ 0
 * @param rtol relative part, ≥ 0
 */
public record Tolerance(double atol, double rtol) {

    /**
     * Creates an instance, checking its components.
     *
     * @param atol absolute part, ≥ 0
     * @param rtol relative part, ≥ 0
     * @throws IllegalArgumentException if a part is negative or not finite
     */
    public Tolerance {
        if (!(atol >= 0) || !(rtol >= 0) || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
            throw new IllegalArgumentException("tolerance parts must be finite and >= 0: " + atol + ", " + rtol);
        }
    }

    /**
     * Compares two arrays of equal length.
     *
     * @param actual the values under test
     * @param expected the reference values
     * @return the comparison, with its worst element
     * @throws IllegalArgumentException if the lengths differ
     */
    public Comparison compare(float[] actual, float[] expected) {
        return compare(widen(actual), widen(expected));
    }

    /**
     * Compares two float64 arrays of equal length (differences are taken in float64, so a bit-exact
     * match reports 0).
     *
     * @param actual the values under test
     * @param expected the reference values
     * @return the comparison, with its worst element
     * @throws IllegalArgumentException if the lengths differ
     */
    public Comparison compare(double[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException(
                    "length mismatch: " + actual.length + " values vs " + expected.length + " expected");
        }
        double maxAbs = 0;
        double maxRel = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        int worst = -1;
        int failures = 0;
        for (int i = 0; i < actual.length; i++) {
            double a = actual[i];
            double b = expected[i];
            double diff;
            double allowed;
            if (Double.isFinite(a) && Double.isFinite(b)) {
                diff = Math.abs(a - b);
                allowed = atol + rtol * Math.abs(b);
            } else {
                // NaN is never close to anything; an infinity only to the same infinity.
                diff = a == b ? 0 : Double.POSITIVE_INFINITY;
                allowed = 0;
            }
            if (!(diff <= allowed)) {
                failures++;
            }
            maxAbs = Math.max(maxAbs, diff);
            if (b != 0) {
                maxRel = Math.max(maxRel, diff / Math.abs(b));
            }
            double excess = diff - allowed;
            if (excess > worstExcess) {
                worstExcess = excess;
                worst = i;
            }
        }
        return new Comparison(this, actual.length, failures, maxAbs, maxRel, worst,
                worst < 0 ? Float.NaN : (float) actual[worst], worst < 0 ? Float.NaN : (float) expected[worst]);
    }

    private static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "atol " + atol + " + rtol " + rtol;
    }
}
