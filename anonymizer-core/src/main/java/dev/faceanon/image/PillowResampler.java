package dev.faceanon.image;

import java.util.Objects;

/**
 * Resizes an {@link RgbImage} exactly as Pillow 9.4's {@code Image.resize(size, filter)} resizes an
 * 8-bit RGB image (no {@code box}, {@code reducing_gap=None}, which is the default and what
 * transformers and diffusers use).
 *
 * <p>Pillow's algorithm, reproduced here: two separable convolution passes, horizontal first, each
 * skipped when its dimension does not change. Along each axis the kernel is centred on the output
 * pixel's centre mapped to the source ({@code (i + 0.5) * in / out}) and, when downscaling, widened
 * by the reduction factor (antialiasing). The taps of each output pixel are normalised to sum 1 in
 * double precision, then rounded half away from zero to 22-bit fixed point. Each pass accumulates
 * in 32-bit integers starting from half a unit, shifts and clips to 0..255, so the intermediate
 * image is 8-bit. A same-size resize returns the image unchanged, like Pillow's copy.
 */
public final class PillowResampler {

    private PillowResampler() {
    }

    /**
     * @param image the source
     * @param width target columns, at least 1
     * @param height target rows, at least 1
     * @param filter the kernel
     * @return the resized image ({@code image} itself if the size is unchanged)
     * @throws IllegalArgumentException if a target side is not positive
     * @throws ImageTooLargeException if the target exceeds {@link RgbImage#MAX_PIXELS}
     */
    public static RgbImage resize(RgbImage image, int width, int height, ResampleFilter filter) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(filter, "filter");
        RgbImage.sampleCount(width, height);
        if (width == image.width() && height == image.height()) {
            return image;
        }
        ResampleCoefficients vertical = ResampleCoefficients.compute(image.height(), height, filter);
        int srcWidth = image.width();
        byte[] src = image.samples();
        int rowOffset = 0;
        int rows = image.height();
        if (width != image.width()) {
            // Only the source rows some output row reads need the horizontal pass.
            int firstRow = vertical.first[0];
            int lastRow = vertical.first[height - 1] + vertical.count[height - 1];
            ResampleCoefficients horizontal = ResampleCoefficients.compute(srcWidth, width, filter);
            src = horizontalPass(src, srcWidth, firstRow, lastRow - firstRow, width, horizontal);
            srcWidth = width;
            rowOffset = firstRow;
            rows = lastRow - firstRow;
        }
        if (height == image.height()) {
            return RgbImage.wrap(width, height, src);
        }
        return RgbImage.wrap(width, height, verticalPass(src, srcWidth, rows, rowOffset, height, vertical));
    }

    private static byte[] horizontalPass(byte[] src, int srcWidth, int firstRow, int rows, int outWidth,
            ResampleCoefficients c) {
        byte[] out = new byte[RgbImage.sampleCount(outWidth, rows)];
        int o = 0;
        for (int y = 0; y < rows; y++) {
            int rowBase = (firstRow + y) * srcWidth * RgbImage.CHANNELS;
            for (int x = 0; x < outWidth; x++) {
                int taps = c.count[x];
                int kBase = x * c.stride;
                int s = rowBase + c.first[x] * RgbImage.CHANNELS;
                int r = ResampleCoefficients.ROUNDING;
                int g = r;
                int b = r;
                for (int j = 0; j < taps; j++, s += RgbImage.CHANNELS) {
                    int k = c.weights[kBase + j];
                    r += (src[s] & 0xFF) * k;
                    g += (src[s + 1] & 0xFF) * k;
                    b += (src[s + 2] & 0xFF) * k;
                }
                out[o++] = (byte) ResampleCoefficients.clip8(r);
                out[o++] = (byte) ResampleCoefficients.clip8(g);
                out[o++] = (byte) ResampleCoefficients.clip8(b);
            }
        }
        return out;
    }

    private static byte[] verticalPass(byte[] src, int width, int rows, int rowOffset, int outHeight,
            ResampleCoefficients c) {
        byte[] out = new byte[RgbImage.sampleCount(width, outHeight)];
        int rowStride = width * RgbImage.CHANNELS;
        int o = 0;
        for (int y = 0; y < outHeight; y++) {
            int taps = c.count[y];
            int kBase = y * c.stride;
            int start = c.first[y] - rowOffset;
            if (start < 0 || start + taps > rows) {
                throw new IllegalStateException("vertical taps outside the horizontally resampled rows");
            }
            for (int x = 0; x < rowStride; x++) {
                int acc = ResampleCoefficients.ROUNDING;
                int s = start * rowStride + x;
                for (int j = 0; j < taps; j++, s += rowStride) {
                    acc += (src[s] & 0xFF) * c.weights[kBase + j];
                }
                out[o++] = (byte) ResampleCoefficients.clip8(acc);
            }
        }
        return out;
    }
}
