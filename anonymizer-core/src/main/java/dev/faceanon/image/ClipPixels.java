package dev.faceanon.image;

import java.util.Objects;

/**
 * The CLIP image encoder's input for one image, with the intermediate image tests compare.
 */
public final class ClipPixels {

    private final int width;
    private final int height;
    private final float[] values;
    private final RgbImage resized;

    ClipPixels(int width, int height, float[] values, RgbImage resized) {
        if (values.length != RgbImage.CHANNELS * width * height) {
            throw new IllegalStateException("pixel values do not match " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.values = values;
        this.resized = Objects.requireNonNull(resized, "resized");
    }

    /** @return columns of the pixel values (the crop width) */
    public int width() {
        return width;
    }

    /** @return rows of the pixel values (the crop height) */
    public int height() {
        return height;
    }

    /**
     * @return a copy of the normalised values, channels first: {@code [3, height, width]}, the
     *     layout of {@code pixel_values[0]}
     */
    public float[] pixelValues() {
        return values.clone();
    }

    /**
     * @return the 8-bit image after the resize step, before cropping (the reference's
     *     {@code trace.clip_resized_u8})
     */
    public RgbImage resized() {
        return resized;
    }

    @Override
    public String toString() {
        return "ClipPixels[3x" + height + "x" + width + " from " + resized + "]";
    }
}
