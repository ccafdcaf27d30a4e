package dev.faceanon.redact;

import dev.faceanon.image.RgbImage;

/**
 * {@code cv2.resize} for 8-bit RGB with {@code INTER_LINEAR} and {@code INTER_NEAREST}, bit-identical
 * to OpenCV 4.6 (no antialiasing: a bilinear downscale reads only the two nearest source pixels
 * along each axis).
 */
final class OpenCvResize {
    private static final int COEF_BITS = 11;
    private static final int COEF_SCALE = 1 << COEF_BITS;

    private OpenCvResize() {}

    /**
     * Bilinear: source position {@code (d + 0.5)·scale − 0.5} computed in double and rounded to
     * float, clamped at the borders (weight 0 on the missing neighbour); weights in 11-bit fixed
     * point; horizontal pass into integers, then OpenCV's vertical rounding
     * {@code ((b0·(s0 >> 4)) >> 16) + ((b1·(s1 >> 4)) >> 16) + 2) >> 2}.
     */
    static RgbImage linear(RgbImage image, int width, int height) {
        int sw = image.width();
        int sh = image.height();
        Axis ax = Axis.of(sw, width);
        Axis ay = Axis.of(sh, height);
        byte[] src = image.toByteArray();
        int c3 = RgbImage.CHANNELS;
        int[] rows = new int[sh * width * c3];
        for (int y = 0; y < sh; y++) {
            for (int dx = 0; dx < width; dx++) {
                int sx = ax.index[dx];
                for (int c = 0; c < c3; c++) {
                    int p0 = src[(y * sw + sx) * c3 + c] & 0xFF;
                    int v = sx + 1 < sw ? p0 * ax.w0[dx] + (src[(y * sw + sx + 1) * c3 + c] & 0xFF) * ax.w1[dx]
                            : p0 * COEF_SCALE;
                    rows[(y * width + dx) * c3 + c] = v;
                }
            }
        }
        byte[] out = new byte[width * height * c3];
        for (int dy = 0; dy < height; dy++) {
            int sy0 = ay.index[dy];
            int sy1 = Math.min(sy0 + 1, sh - 1);
            int b0 = ay.w0[dy];
            int b1 = ay.w1[dy];
            for (int i = 0; i < width * c3; i++) {
                int s0 = rows[sy0 * width * c3 + i];
                int s1 = rows[sy1 * width * c3 + i];
                int v = (((b0 * (s0 >> 4)) >> 16) + ((b1 * (s1 >> 4)) >> 16) + 2) >> 2;
                out[dy * width * c3 + i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return RgbImage.of(width, height, out);
    }

    /** Nearest: source index {@code floor(d · (src/dst))}, the ratio inverted in double, clamped. */
    static RgbImage nearest(RgbImage image, int width, int height) {
        int sw = image.width();
        int sh = image.height();
        double ifx = 1.0 / ((double) width / sw);
        double ify = 1.0 / ((double) height / sh);
        byte[] src = image.toByteArray();
        int c3 = RgbImage.CHANNELS;
        byte[] out = new byte[width * height * c3];
        int[] xs = new int[width];
        for (int x = 0; x < width; x++) {
            xs[x] = Math.min((int) Math.floor(x * ifx), sw - 1);
        }
        for (int y = 0; y < height; y++) {
            int sy = Math.min((int) Math.floor(y * ify), sh - 1);
            for (int x = 0; x < width; x++) {
                System.arraycopy(src, (sy * sw + xs[x]) * c3, out, (y * width + x) * c3, c3);
            }
        }
        return RgbImage.of(width, height, out);
    }

    /** Per destination index along one axis: the first source index and the two weights. */
    private record Axis(int[] index, int[] w0, int[] w1) {
        static Axis of(int sourceSize, int destSize) {
            double scale = 1.0 / ((double) destSize / sourceSize);
            int[] index = new int[destSize];
            int[] w0 = new int[destSize];
            int[] w1 = new int[destSize];
            for (int d = 0; d < destSize; d++) {
                float f = (float) ((d + 0.5) * scale - 0.5);
                int s = (int) Math.floor(f);
                f -= s;
                if (s < 0) {
                    f = 0;
                    s = 0;
                }
                if (s >= sourceSize - 1) {
                    f = 0;
                    s = sourceSize - 1;
                }
                index[d] = s;
                w0[d] = (int) Math.rint((1.0f - f) * COEF_SCALE);
                w1[d] = (int) Math.rint(f * COEF_SCALE);
            }
            return new Axis(index, w0, w1);
        }
    }
}
