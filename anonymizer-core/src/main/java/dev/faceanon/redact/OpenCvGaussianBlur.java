package dev.faceanon.redact;

import dev.faceanon.image.RgbImage;
import java.util.Objects;

/**
 * {@code cv2.GaussianBlur(image, (k, k), σ)} on 8-bit RGB, bit-identical to OpenCV 4.6's fixed-point
 * path for 8-bit images: the filter {@link GaussianBlur} runs with a kernel sized to the face (the
 * official {@code blur_image} uses {@code k = 51}, {@code σ = 0} on every crop, whatever the face).
 *
 * <ul>
 *   <li><b>σ.</b> {@code σ ≤ 0} means OpenCV's rule {@code σ = 0.3·((k − 1)·0.5 − 1) + 0.8},
 *       evaluated as the fused {@code k·0.15 + 0.35} (8.0 for k = 51); for k = 1, 3, 5, 7, 9 OpenCV
 *       uses fixed binomial-like tables instead, reproduced here.</li>
 *   <li><b>Kernel.</b> {@code exp(−x²/(2σ²))} for the offsets {@code x}, normalised to sum 1 in
 *       float64, then converted to 8 fractional bits with error diffusion from the outer taps inward
 *       (each tap rounded half to even after adding the previous rounding error), the centre tap
 *       taking whatever makes the sum exactly 256.</li>
 *   <li><b>Filter.</b> Separable, horizontal first, in exact integer arithmetic: the row pass keeps
 *       16 bits ({@code Σ k·p}), the column pass 16 more, and the result is
 *       {@code (s + 2¹⁵) >> 16}.</li>
 *   <li><b>Border.</b> {@code BORDER_REFLECT_101} ({@code gfedcb|abcdefgh|gfedcba}), reflected as often
 *       as needed for images smaller than the kernel.</li>
 * </ul>
 */
final class OpenCvGaussianBlur {

    /** The official kernel size. */
    static final int OFFICIAL_KERNEL_SIZE = 51;

    /** The largest kernel accepted. */
    static final int MAX_KERNEL_SIZE = 1023;

    private static final int FRACTION_BITS = 8;

    private final int kernelSize;
    private final double sigma;
    private final int[] kernel;

    /**
     * @param kernelSize odd, 1..{@value #MAX_KERNEL_SIZE}
     * @param sigma the standard deviation in pixels, or ≤ 0 for OpenCV's rule from the kernel size
     * @throws IllegalArgumentException if the kernel size is even or out of range, or σ is not finite
     */
    OpenCvGaussianBlur(int kernelSize, double sigma) {
        if (kernelSize < 1 || kernelSize > MAX_KERNEL_SIZE || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and in 1.." + MAX_KERNEL_SIZE + ", got "
                    + kernelSize);
        }
        if (!Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite, got " + sigma);
        }
        this.kernelSize = kernelSize;
        this.sigma = Math.max(sigma, 0);
        this.kernel = fixedPointKernel(kernelSize, this.sigma);
    }

    /**
     * {@code cv2.GaussianBlur(image, (0, 0), σ)}: the kernel size from σ by OpenCV's rule for 8-bit
     * images, {@code round(6σ + 1) | 1} (±3σ), at most {@value #MAX_KERNEL_SIZE}.
     *
     * @param sigma the standard deviation in pixels, positive and finite
     * @return the filter
     * @throws IllegalArgumentException if σ is not positive and finite
     */
    static OpenCvGaussianBlur ofSigma(double sigma) {
        if (!(sigma > 0 && Double.isFinite(sigma))) {
            throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        }
        return new OpenCvGaussianBlur((int) Math.min(MAX_KERNEL_SIZE, Math.rint(6 * sigma + 1)) | 1, sigma);
    }

    /** @return the kernel side */
    int kernelSize() {
        return kernelSize;
    }

    /** @return the σ the kernel was built with (0 meaning OpenCV's rule) */
    double sigma() {
        return sigma;
    }

    /** @return the 1-D kernel in 1/256 units, summing to 256 */
    int[] kernel() {
        return kernel.clone();
    }

    /**
     * @param image any image
     * @return the blurred image, the same size
     */
    RgbImage apply(RgbImage image) {
        Objects.requireNonNull(image, "image");
        int w = image.width();
        int h = image.height();
        int r = kernelSize / 2;
        byte[] src = image.toByteArray();
        int[] xIndex = reflectedIndices(w, r);
        int[] yIndex = reflectedIndices(h, r);
        int c3 = RgbImage.CHANNELS;
        int[] rows = new int[w * h * c3];
        for (int y = 0; y < h; y++) {
            int rowBase = y * w * c3;
            for (int x = 0; x < w; x++) {
                int r0 = 0;
                int g0 = 0;
                int b0 = 0;
                for (int k = 0; k < kernelSize; k++) {
                    int wk = kernel[k];
                    if (wk == 0) {
                        continue;
                    }
                    int s = rowBase + xIndex[x + k] * c3;
                    r0 += wk * (src[s] & 0xFF);
                    g0 += wk * (src[s + 1] & 0xFF);
                    b0 += wk * (src[s + 2] & 0xFF);
                }
                int o = rowBase + x * c3;
                rows[o] = r0;
                rows[o + 1] = g0;
                rows[o + 2] = b0;
            }
        }
        byte[] out = new byte[src.length];
        int rowStride = w * c3;
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < rowStride; i++) {
                int acc = 0;
                for (int k = 0; k < kernelSize; k++) {
                    int wk = kernel[k];
                    if (wk != 0) {
                        acc += wk * rows[yIndex[y + k] * rowStride + i];
                    }
                }
                out[y * rowStride + i] = (byte) Math.min(255, (acc + (1 << 15)) >> 16);
            }
        }
        return RgbImage.of(w, h, out);
    }

    /** Source index of every padded position {@code −r .. n−1+r}, reflect-101. */
    static int[] reflectedIndices(int n, int r) {
        int[] out = new int[n + 2 * r];
        for (int i = 0; i < out.length; i++) {
            out[i] = reflect101(i - r, n);
        }
        return out;
    }

    /** OpenCV's {@code borderInterpolate} for {@code BORDER_REFLECT_101}. */
    static int reflect101(int p, int n) {
        if (n == 1) {
            return 0;
        }
        while (p < 0 || p >= n) {
            p = p < 0 ? -p : 2 * n - 2 - p;
        }
        return p;
    }

    /** OpenCV's {@code getGaussianKernelBitExact} followed by {@code getGaussianKernelFixedPoint_ED}. */
    static int[] fixedPointKernel(int n, double sigma) {
        double[] k = sigma <= 0 && n <= 9 ? smallTable(n) : sampled(n, sigma);
        long unit = 1L << FRACTION_BITS;
        int[] out = new int[n];
        int half = n / 2;
        double err = 0;
        long sum = 0;
        for (int i = 0; i < half; i++) {
            double adjusted = k[i] * unit + err;
            long v = (long) Math.rint(adjusted);
            err = adjusted - v;
            out[i] = (int) v;
            out[n - 1 - i] = (int) v;
            sum += v;
        }
        out[half] = (int) (unit - 2 * sum);
        return out;
    }

    private static double[] sampled(int n, double sigma) {
        double s = sigma > 0 ? sigma : Math.fma(n, 0.15, 0.35);
        double scale2 = -0.125 / (s * s);
        int half = (n - 1) / 2;
        double[] values = new double[half];
        double sum = 0;
        for (int i = 0, x = 1 - n; i < half; i++, x += 2) {
            values[i] = StrictMath.exp((double) (x * x) * scale2);
            sum += values[i];
        }
        sum *= 2;
        sum += 1;
        double mul = 1 / sum;
        double[] k = new double[n];
        for (int i = 0; i < half; i++) {
            k[i] = values[i] * mul;
            k[n - 1 - i] = k[i];
        }
        k[half] = mul;
        return k;
    }

    private static double[] smallTable(int n) {
        return switch (n) {
            case 1 -> new double[] {1};
            case 3 -> new double[] {0.25, 0.5, 0.25};
            case 5 -> new double[] {0.0625, 0.25, 0.375, 0.25, 0.0625};
            case 7 -> new double[] {0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125};
            case 9 -> new double[] {4 / 256.0, 13 / 256.0, 30 / 256.0, 51 / 256.0, 60 / 256.0, 51 / 256.0, 30 / 256.0,
                13 / 256.0, 4 / 256.0};
            default -> throw new IllegalStateException("no table for " + n);
        };
    }

    @Override
    public String toString() {
        return "OpenCvGaussianBlur[" + kernelSize + ", sigma " + (sigma > 0 ? sigma : "auto") + "]";
    }
}
