package dev.faceanon.align;

/**
 * The fixed-point source coordinates {@code cv::warpAffine} (OpenCV 4.6, {@code WarpAffineInvoker})
 * computes for destination pixels, reproduced exactly.
 *
 * <p>For destination pixel {@code (x, y)} and the destination→source matrix {@code M}:
 * {@code X = (round((M01·y + M02)·1024) + δ + round(M00·x·1024)) >> s}, likewise {@code Y} with
 * the second row; rounding is OpenCV's {@code cvRound} (half to even). For {@code INTER_NEAREST}
 * {@code δ = 512, s = 10}, so {@code X} is the source pixel. For {@code INTER_LINEAR}
 * {@code δ = 16, s = 5}: {@code X} is in 1/32 pixel ({@code INTER_BITS = 5}), its integer part the
 * top-left tap and its low 5 bits the interpolation weight index. The row part and the column part
 * are rounded separately, which is why a float warp differs by a grey level near edges.
 */
final class WarpCoordinates {
    /** Sub-pixel bits of the bilinear warp. */
    static final int INTER_BITS = 5;
    /** 1 << INTER_BITS. */
    static final int INTER_TAB_SIZE = 1 << INTER_BITS;
    private static final int AB_BITS = 10;
    private static final double AB_SCALE = 1 << AB_BITS;

    private final double m01;
    private final double m02;
    private final double m11;
    private final double m12;
    private final int[] adelta;
    private final int[] bdelta;
    private final int shift;
    private final int roundDelta;

    /**
     * @param dstToSrc the map from destination pixel to source position (OpenCV's internal matrix)
     * @param firstColumn the first destination column the rows will cover
     * @param columns how many columns
     * @param nearest true for INTER_NEAREST, false for INTER_LINEAR
     */
    WarpCoordinates(AffineTransform2D dstToSrc, int firstColumn, int columns, boolean nearest) {
        this.m01 = dstToSrc.m01();
        this.m02 = dstToSrc.m02();
        this.m11 = dstToSrc.m11();
        this.m12 = dstToSrc.m12();
        this.shift = nearest ? AB_BITS : AB_BITS - INTER_BITS;
        this.roundDelta = nearest ? (int) AB_SCALE / 2 : (int) AB_SCALE / INTER_TAB_SIZE / 2;
        this.adelta = new int[columns];
        this.bdelta = new int[columns];
        for (int i = 0; i < columns; i++) {
            int x = firstColumn + i;
            adelta[i] = cvRound(dstToSrc.m00() * x * AB_SCALE);
            bdelta[i] = cvRound(dstToSrc.m10() * x * AB_SCALE);
        }
    }

    /**
     * @param y destination row
     * @param xs receives the source x per column (pixel, or 1/32 pixel for bilinear)
     * @param ys receives the source y per column
     */
    void row(int y, int[] xs, int[] ys) {
        int x0 = cvRound((m01 * y + m02) * AB_SCALE) + roundDelta;
        int y0 = cvRound((m11 * y + m12) * AB_SCALE) + roundDelta;
        for (int i = 0; i < adelta.length; i++) {
            // int overflow wraps, as in the C++ code; only absurd transforms get there.
            xs[i] = (x0 + adelta[i]) >> shift;
            ys[i] = (y0 + bdelta[i]) >> shift;
        }
    }

    /** OpenCV's {@code saturate_cast<short>} of a pixel coordinate (the 16-bit map it stores). */
    static int toShort(int v) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }

    /** {@code cvRound}: nearest, ties to even; out of range gives x86's "integer indefinite". */
    static int cvRound(double v) {
        double r = Math.rint(v);
        return r >= Integer.MIN_VALUE && r <= Integer.MAX_VALUE ? (int) r : Integer.MIN_VALUE;
    }
}
