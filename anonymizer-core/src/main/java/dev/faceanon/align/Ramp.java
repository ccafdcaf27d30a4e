package dev.faceanon.align;

/** The smooth 0→1 transition feathered edges use. */
final class Ramp {
    private Ramp() {}

    /**
     * @param t position across the transition, 0 at its outer end and 1 at its inner end
     * @return {@code 3t² − 2t³} clamped to [0, 1]: monotone, with zero slope at both ends so the
     *     blend shows no Mach band
     */
    static double smooth(double t) {
        if (t <= 0) {
            return 0;
        }
        if (t >= 1) {
            return 1;
        }
        return t * t * (3 - 2 * t);
    }
}
