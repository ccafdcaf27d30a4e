package dev.faceanon.image;

import dev.faceanon.FaceAnonException;
import java.util.Objects;

/**
 * The VAE's pixel tensors, computed exactly as diffusers' VaeImageProcessor does in float32.
 *
 * <ul>
 *   <li>{@link #encode}: {@code preprocess} of a PIL image with normalisation on:
 *       {@code 2 * float32(u / 255) - 1}, channels first.</li>
 *   <li>{@link #decode}: {@code postprocess(..., output_type="pil")} of the VAE decoder output:
 *       {@code clamp(x / 2 + 0.5, 0, 1)}, then {@code round(x * 255)} with numpy's rounding (half to
 *       even), then uint8.</li>
 *   <li>{@link #fromUnitHwc}: the last step alone, for an image already in [0, 1], channels last.</li>
 * </ul>
 */
public final class VaePixelCodec {

    private VaePixelCodec() {
    }

    /**
     * @param image the model-size image
     * @return {@code [3, height, width]} values in [-1, 1]
     */
    public static float[] encode(RgbImage image) {
        Objects.requireNonNull(image, "image");
        int plane = image.width() * image.height();
        byte[] src = image.samples();
        float[] out = new float[RgbImage.CHANNELS * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < RgbImage.CHANNELS; c++) {
                float unit = (src[p * RgbImage.CHANNELS + c] & 0xFF) / 255f;
                out[c * plane + p] = 2f * unit - 1f;
            }
        }
        return out;
    }

    /**
     * @param chw decoder output {@code [3, height, width]}, nominally in [-1, 1]
     * @param width columns
     * @param height rows
     * @return the 8-bit image
     * @throws IllegalArgumentException if the length does not match the size
     * @throws FaceAnonException if a value is NaN (the model produced no image)
     */
    public static RgbImage decode(float[] chw, int width, int height) {
        Objects.requireNonNull(chw, "chw");
        int length = RgbImage.sampleCount(width, height);
        checkLength(chw.length, length, width, height);
        int plane = width * height;
        byte[] out = new byte[length];
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
            for (int p = 0; p < plane; p++) {
                float unit = chw[c * plane + p] / 2f + 0.5f;
                out[p * RgbImage.CHANNELS + c] = toByte(unit, c * plane + p);
            }
        }
        return RgbImage.wrap(width, height, out);
    }

    /**
     * @param hwc values in [0, 1], channels last (values outside are clamped)
     * @param width columns
     * @param height rows
     * @return the 8-bit image
     * @throws IllegalArgumentException if the length does not match the size
     * @throws FaceAnonException if a value is NaN
     */
    public static RgbImage fromUnitHwc(float[] hwc, int width, int height) {
        Objects.requireNonNull(hwc, "hwc");
        int length = RgbImage.sampleCount(width, height);
        checkLength(hwc.length, length, width, height);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = toByte(hwc[i], i);
        }
        return RgbImage.wrap(width, height, out);
    }

    private static byte toByte(float unit, int index) {
        if (Float.isNaN(unit)) {
            throw new FaceAnonException("decoded image has a NaN at element " + index
                    + "; the model's numbers broke down (check the weights and the precision)");
        }
        float clamped = Math.min(Math.max(unit, 0f), 1f);
        // numpy's round() on the float32 product: ties go to the even integer.
        return (byte) (int) Math.rint(clamped * 255f);
    }

    private static void checkLength(int actual, int expected, int width, int height) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " values for 3x" + height + "x" + width
                    + ", got " + actual);
        }
    }
}
