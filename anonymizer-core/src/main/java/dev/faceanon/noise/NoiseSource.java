package dev.faceanon.noise;

/**
 * Supplies the standard-normal noise one generation consumes. A new source is created per call,
 * so that a seeded call is reproducible regardless of what other threads do. Implementations need
 * not be thread-safe.
 */
public interface NoiseSource {

    /**
     * @param kind what the noise is for
     * @param shape the tensor shape, e.g. [1, 4, 64, 64]
     * @return row-major samples of N(0, 1), {@code product(shape)} values
     * @throws IllegalStateException if the source cannot supply this draw (e.g. a replayed sequence
     *     that recorded a different kind or shape at this position)
     */
    float[] next(NoiseKind kind, long[] shape);

    /**
     * @param shape a tensor shape
     * @return its element count
     * @throws IllegalArgumentException if a dimension is negative or the count exceeds an array
     */
    static int elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in noise shape");
            }
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("noise tensor of " + n + " elements is too large");
        }
        return (int) n;
    }
}
