package dev.faceanon.image;

/**
 * The fixed-point filter taps of one resampling pass along one axis, as Pillow computes them for
 * 8-bit images: for output index {@code i}, the source indices {@code first[i] ..
 * first[i] + count[i] - 1} weighted by {@code weights[i * stride + j]}, in units of
 * 2<sup>-{@value #PRECISION_BITS}</sup>.
 */
final class ResampleCoefficients {

    /**
     * Fractional bits of the fixed-point weights: 32 bits minus 8 for the sample minus 2 of headroom,
     * because kernels with negative lobes let partial sums exceed 1.0 (Pillow's choice).
     */
    static final int PRECISION_BITS = 32 - 8 - 2;

    /** Added before the final shift so that it rounds half up instead of truncating. */
    static final int ROUNDING = 1 << (PRECISION_BITS - 1);

    private static final double ONE = 1 << PRECISION_BITS;

    /** Guards the tap table against absurd reductions of absurdly long strips. */
    private static final long MAX_TAPS = Integer.MAX_VALUE - 8;

    final int stride;
    final int[] first;
    final int[] count;
    final int[] weights;

    private ResampleCoefficients(int stride, int[] first, int[] count, int[] weights) {
        this.stride = stride;
        this.first = first;
        this.count = count;
        this.weights = weights;
    }

    /**
     * @param inSize source length along the axis
     * @param outSize target length along the axis
     * @param filter the kernel
     * @return the taps
     * @throws IllegalArgumentException if the tap table would not fit an array (only for strips of
     *     hundreds of millions of pixels)
     */
    static ResampleCoefficients compute(int inSize, int outSize, ResampleFilter filter) {
        // Pillow receives the source extent as a float box coordinate; (float) keeps its rounding
        // for sides beyond 2^24.
        double scale = (double) (float) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        // Downscaling widens the kernel by the reduction factor: that is the antialiasing.
        double support = filter.support() * filterScale;
        long stride = (long) Math.ceil(support) * 2 + 1;
        if (stride * outSize > MAX_TAPS) {
            throw new IllegalArgumentException("resampling " + inSize + " pixels to " + outSize + " with " + filter
                    + " needs " + stride * outSize + " taps, more than one array holds");
        }
        int k = (int) stride;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[k * outSize];
        double[] w = new double[k];
        double inverse = 1.0 / filterScale;
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            // (int) truncates toward zero like C's cast; negative values are clamped right after.
            int lo = Math.max((int) (center - support + 0.5), 0);
            int hi = Math.min((int) (center + support + 0.5), inSize);
            int n = hi - lo;
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                w[j] = filter.weight((j + lo - center + 0.5) * inverse);
                sum += w[j];
            }
            for (int j = 0; j < n; j++) {
                double normalised = sum != 0.0 ? w[j] / sum : w[j];
                weights[i * k + j] = toFixedPoint(normalised);
            }
            first[i] = lo;
            count[i] = n;
        }
        return new ResampleCoefficients(k, first, count, weights);
    }

    /** Rounds half away from zero, as Pillow's normalize_coeffs_8bpc does. */
    private static int toFixedPoint(double weight) {
        return weight < 0 ? (int) (-0.5 + weight * ONE) : (int) (0.5 + weight * ONE);
    }

    /**
     * @param accumulator {@link #ROUNDING} plus the weighted sum of samples
     * @return the 8-bit result, clipped to 0..255
     */
    static int clip8(int accumulator) {
        int v = accumulator >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
