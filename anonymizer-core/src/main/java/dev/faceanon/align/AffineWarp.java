package dev.faceanon.align;

import dev.faceanon.image.RgbImage;
import java.util.Objects;

/**
 * {@code cv::warpAffine} on 8-bit RGB images with a constant border, bit-identical to OpenCV 4.6
 * (without IPP, as Debian and pip builds ship it).
 *
 * <p>Matrices here map <em>destination</em> pixels to source positions (OpenCV's
 * {@code WARP_INVERSE_MAP} convention); {@link #crop} takes the image→crop matrix and inverts it
 * with OpenCV's arithmetic, as {@code warpAffine} without that flag does.
 *
 * <ul>
 *   <li>{@link #linear}: {@code INTER_LINEAR}. Source positions are quantised to 1/32 pixel (see
 *       {@link WarpCoordinates}); the four taps weigh {@code (32−fy)(32−fx)·32},
 *       {@code (32−fy)·fx·32}, {@code fy·(32−fx)·32}, {@code fy·fx·32} (15-bit fixed point, summing
 *       to 32768); a tap outside the source reads the border value; the sum is rounded
 *       {@code (s + 16384) >> 15}.</li>
 *   <li>{@link #nearest}: {@code INTER_NEAREST}: the source pixel at the rounded 10-bit position,
 *       or the border value outside.</li>
 * </ul>
 */
public final class AffineWarp {

    /** The official crop's border colour. */
    public static final int WHITE = 0xFFFFFF;

    private AffineWarp() {}

    /**
     * The official aligned crop: {@code cv2.warpAffine(img, M, (S, S), INTER_LINEAR,
     * borderValue=(255, 255, 255))} (the official call passes {@code INTER_LANCZOS4} in the
     * {@code dst} slot, which leaves the default, bilinear).
     *
     * @param image the photo
     * @param imageToCrop the image→crop matrix
     * @param size the crop side
     * @return the {@code size×size} crop, white where it reaches outside the photo
     * @throws IllegalArgumentException if the matrix is not invertible
     */
    public static RgbImage crop(RgbImage image, AffineTransform2D imageToCrop, int size) {
        return linear(image, AffineTransform2D.requireInvertible(imageToCrop).inverse(), size, size, WHITE);
    }

    /**
     * @param source the image to sample
     * @param dstToSrc destination pixel → source position
     * @param width destination columns
     * @param height destination rows
     * @param borderRgb the colour outside the source, {@code 0xRRGGBB}
     * @return the bilinear warp
     */
    public static RgbImage linear(RgbImage source, AffineTransform2D dstToSrc, int width, int height,
            int borderRgb) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dstToSrc, "dstToSrc");
        checkSize(width, height);
        byte[] src = source.toByteArray();
        int sw = source.width();
        int sh = source.height();
        int[] border = channels(borderRgb);
        byte[] out = new byte[width * height * RgbImage.CHANNELS];
        WarpCoordinates map = new WarpCoordinates(dstToSrc, 0, width, false);
        int[] xs = new int[width];
        int[] ys = new int[width];
        int[] tap = new int[4];
        int o = 0;
        for (int y = 0; y < height; y++) {
            map.row(y, xs, ys);
            for (int x = 0; x < width; x++) {
                int sx = WarpCoordinates.toShort(xs[x] >> WarpCoordinates.INTER_BITS);
                int sy = WarpCoordinates.toShort(ys[x] >> WarpCoordinates.INTER_BITS);
                int fx = xs[x] & (WarpCoordinates.INTER_TAB_SIZE - 1);
                int fy = ys[x] & (WarpCoordinates.INTER_TAB_SIZE - 1);
                int w00 = (32 - fy) * (32 - fx) * 32;
                int w01 = (32 - fy) * fx * 32;
                int w10 = fy * (32 - fx) * 32;
                int w11 = fy * fx * 32;
                tap[0] = offset(sx, sy, sw, sh);
                tap[1] = offset(sx + 1, sy, sw, sh);
                tap[2] = offset(sx, sy + 1, sw, sh);
                tap[3] = offset(sx + 1, sy + 1, sw, sh);
                for (int c = 0; c < RgbImage.CHANNELS; c++) {
                    int s = sample(src, tap[0], c, border) * w00 + sample(src, tap[1], c, border) * w01
                            + sample(src, tap[2], c, border) * w10 + sample(src, tap[3], c, border) * w11;
                    out[o++] = (byte) ((s + (1 << 14)) >> 15);
                }
            }
        }
        return RgbImage.of(width, height, out);
    }

    /**
     * @param source the image to sample
     * @param dstToSrc destination pixel → source position
     * @param width destination columns
     * @param height destination rows
     * @param borderRgb the colour outside the source, {@code 0xRRGGBB}
     * @return the nearest-neighbour warp
     */
    public static RgbImage nearest(RgbImage source, AffineTransform2D dstToSrc, int width, int height,
            int borderRgb) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dstToSrc, "dstToSrc");
        checkSize(width, height);
        byte[] src = source.toByteArray();
        int[] border = channels(borderRgb);
        byte[] out = new byte[width * height * RgbImage.CHANNELS];
        WarpCoordinates map = new WarpCoordinates(dstToSrc, 0, width, true);
        int[] xs = new int[width];
        int[] ys = new int[width];
        int o = 0;
        for (int y = 0; y < height; y++) {
            map.row(y, xs, ys);
            for (int x = 0; x < width; x++) {
                int at = offset(WarpCoordinates.toShort(xs[x]), WarpCoordinates.toShort(ys[x]), source.width(),
                        source.height());
                for (int c = 0; c < RgbImage.CHANNELS; c++) {
                    out[o++] = (byte) sample(src, at, c, border);
                }
            }
        }
        return RgbImage.of(width, height, out);
    }

    /**
     * Which destination pixels of a bilinear warp read only source pixels: no tap with a non-zero
     * weight falls outside. The others mix in the border colour.
     *
     * @param dstToSrc destination pixel → source position
     * @param width destination columns
     * @param height destination rows
     * @param sourceWidth source columns
     * @param sourceHeight source rows
     * @return row-major flags
     */
    static boolean[] borderFree(AffineTransform2D dstToSrc, int width, int height, int sourceWidth,
            int sourceHeight) {
        boolean[] out = new boolean[width * height];
        WarpCoordinates map = new WarpCoordinates(dstToSrc, 0, width, false);
        int[] xs = new int[width];
        int[] ys = new int[width];
        for (int y = 0; y < height; y++) {
            map.row(y, xs, ys);
            for (int x = 0; x < width; x++) {
                int sx = WarpCoordinates.toShort(xs[x] >> WarpCoordinates.INTER_BITS);
                int sy = WarpCoordinates.toShort(ys[x] >> WarpCoordinates.INTER_BITS);
                boolean hasRight = (xs[x] & (WarpCoordinates.INTER_TAB_SIZE - 1)) != 0;
                boolean hasBelow = (ys[x] & (WarpCoordinates.INTER_TAB_SIZE - 1)) != 0;
                int lastX = hasRight ? sx + 1 : sx;
                int lastY = hasBelow ? sy + 1 : sy;
                out[y * width + x] = sx >= 0 && sy >= 0 && lastX < sourceWidth && lastY < sourceHeight;
            }
        }
        return out;
    }

    /** @return the sample offset of a pixel, or -1 outside the image */
    static int offset(int x, int y, int width, int height) {
        return x >= 0 && y >= 0 && x < width && y < height ? (y * width + x) * RgbImage.CHANNELS : -1;
    }

    private static int sample(byte[] src, int offset, int channel, int[] border) {
        return offset < 0 ? border[channel] : src[offset + channel] & 0xFF;
    }

    static int[] channels(int rgb) {
        if ((rgb & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("colour must be 0xRRGGBB, got 0x" + Integer.toHexString(rgb));
        }
        return new int[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
    }

    private static void checkSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("destination sides must be positive, got " + width + "x" + height);
        }
        if ((long) width * height > RgbImage.MAX_PIXELS) {
            throw new IllegalArgumentException("destination " + width + "x" + height + " exceeds "
                    + RgbImage.MAX_PIXELS + " pixels");
        }
    }
}
