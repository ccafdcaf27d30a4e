package dev.faceanon.djl.detect;

import dev.faceanon.image.RgbImage;
import java.util.Arrays;

/**
 * OpenCV 4's {@code cv::resize(src, dst, size, interpolation=INTER_LINEAR)} of an 8-bit
 * three-channel image, applied to a window of a photo that may reach past its borders (pixels
 * outside the photo are black, as in face-alignment's zero-padded crop), without materialising
 * the window.
 *
 * <p>OpenCV's arithmetic, reproduced: the source position of output column {@code dx} is
 * {@code fx = (float) ((dx + 0.5) · scale − 0.5)} with {@code scale = 1 / (dst / src)} in double;
 * its integer part selects two taps and the fraction gives the weights {@code 1 − fx} and
 * {@code fx} as 11-bit fixed point ({@code cvRound(w · 2048)}). Columns left of the first or right
 * of the last source column are clamped to it with weights (2048, 0); rows are not clamped but
 * read the edge row twice. The horizontal pass is exact in integers; the vertical pass is
 * OpenCV's SIMD one (used for whole rows of this size): {@code ((S0 >> 4)·β0 >> 16) +
 * ((S1 >> 4)·β1 >> 16)}, then {@code (v + 2) >> 2} saturated to 0…255. OpenCV switches an exact
 * 2× reduction to {@code INTER_AREA}; for that case both give {@code (a + b + c + d + 2) >> 2},
 * and a same-size resize is a copy in both. Checked bit-exact against OpenCV 4.6 (Debian, no IPP)
 * on the crops of the test fixtures.
 */
final class OpenCvLinearResize {
    private static final int COEF_BITS = 11;
    private static final int COEF_SCALE = 1 << COEF_BITS;

    private OpenCvLinearResize() {}

    /** The two taps and fixed-point weights of every output position along one axis. */
    private record Taps(long[] first, int[] weight0, int[] weight1) {}

    /**
     * @param image the photo
     * @param left the window's first column in photo pixels (may be negative)
     * @param top the window's first row
     * @param width the window's width, at least 1
     * @param height the window's height, at least 1
     * @param outWidth output columns
     * @param outHeight output rows
     * @return the resized window, RGB, row-major HWC
     */
    static byte[] resizeWindow(RgbImage image, long left, long top, long width, long height, int outWidth,
            int outHeight) {
        if (width < 1 || height < 1 || outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive: window " + width + "x" + height + ", output "
                    + outWidth + "x" + outHeight);
        }
        Taps x = taps(width, outWidth, true);
        Taps y = taps(height, outHeight, false);
        int rowLength = outWidth * 3;
        int[] upper = new int[rowLength];
        int[] lower = new int[rowLength];
        byte[] out = new byte[outHeight * rowLength];
        for (int dy = 0; dy < outHeight; dy++) {
            long r0 = Math.min(Math.max(y.first()[dy], 0), height - 1);
            long r1 = Math.min(Math.max(y.first()[dy] + 1, 0), height - 1);
            horizontal(image, left, top + r0, width, x, upper);
            horizontal(image, left, top + r1, width, x, lower);
            int b0 = y.weight0()[dy];
            int b1 = y.weight1()[dy];
            int o = dy * rowLength;
            for (int i = 0; i < rowLength; i++) {
                int v = ((upper[i] >> 4) * b0 >> 16) + ((lower[i] >> 4) * b1 >> 16);
                out[o + i] = (byte) Math.min(255, Math.max(0, (v + 2) >> 2));
            }
        }
        return out;
    }

    private static Taps taps(long source, int destination, boolean clamp) {
        double scale = 1.0 / ((double) destination / source);
        long[] first = new long[destination];
        int[] w0 = new int[destination];
        int[] w1 = new int[destination];
        for (int d = 0; d < destination; d++) {
            float f = (float) ((d + 0.5) * scale - 0.5);
            long s = (long) Math.floor(f);
            f -= s;
            if (clamp && s < 0) {
                f = 0;
                s = 0;
            }
            if (clamp && s >= source - 1) {
                f = 0;
                s = source - 1;
            }
            first[d] = s;
            // cvRound: round half to even, like Math.rint.
            w0[d] = (int) Math.rint((1f - f) * COEF_SCALE);
            w1[d] = (int) Math.rint(f * COEF_SCALE);
        }
        return new Taps(first, w0, w1);
    }

    /** One window row through the horizontal taps, unscaled fixed point; rows outside the photo are zero. */
    private static void horizontal(RgbImage image, long left, long row, long width, Taps x, int[] into) {
        if (row < 0 || row >= image.height()) {
            Arrays.fill(into, 0);
            return;
        }
        int y = (int) row;
        int n = x.first().length;
        for (int d = 0; d < n; d++) {
            long c0 = x.first()[d];
            long c1 = Math.min(c0 + 1, width - 1);
            int a0 = x.weight0()[d];
            int a1 = x.weight1()[d];
            for (int c = 0; c < 3; c++) {
                into[3 * d + c] = sample(image, left + c0, y, c) * a0 + sample(image, left + c1, y, c) * a1;
            }
        }
    }

    private static int sample(RgbImage image, long column, int row, int channel) {
        return column < 0 || column >= image.width() ? 0 : image.sample((int) column, row, channel);
    }
}
