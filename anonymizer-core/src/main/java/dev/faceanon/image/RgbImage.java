package dev.faceanon.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable 8-bit RGB image: {@code height} rows of {@code width} pixels, stored row-major with
 * the three channels interleaved (HWC, the layout of a numpy {@code uint8} array of a PIL image).
 *
 * <p>Equality compares size and every sample. {@link #toString()} never shows pixel content.
 */
public final class RgbImage {

    /** Samples per pixel. */
    public static final int CHANNELS = 3;

    /**
     * The largest pixel count any {@code RgbImage} can hold: its samples must fit one Java array.
     * Callers that accept images from outside apply a smaller, configurable limit first (see
     * {@link BufferedImageConverter}).
     */
    public static final long MAX_PIXELS = (Integer.MAX_VALUE - 8) / CHANNELS;

    private final int width;
    private final int height;
    private final byte[] data;

    private RgbImage(int width, int height, byte[] data) {
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /**
     * @param width columns, at least 1
     * @param height rows, at least 1
     * @param rgb {@code width * height * 3} samples, row-major, R G B per pixel; copied
     * @return the image
     * @throws IllegalArgumentException if a side is not positive or the array length is wrong
     * @throws ImageTooLargeException if the image exceeds {@link #MAX_PIXELS}
     */
    public static RgbImage of(int width, int height, byte[] rgb) {
        Objects.requireNonNull(rgb, "rgb");
        int length = sampleCount(width, height);
        if (rgb.length != length) {
            throw new IllegalArgumentException("expected " + length + " samples for " + width + "x" + height
                    + " RGB, got " + rgb.length);
        }
        return new RgbImage(width, height, rgb.clone());
    }

    /**
     * Wraps an array this package has just filled and nobody else references.
     */
    static RgbImage wrap(int width, int height, byte[] rgb) {
        if (rgb.length != sampleCount(width, height)) {
            throw new IllegalStateException("sample array does not match " + width + "x" + height);
        }
        return new RgbImage(width, height, rgb);
    }

    /**
     * @param width columns
     * @param height rows
     * @return {@code width * height * 3}
     * @throws IllegalArgumentException if a side is not positive
     * @throws ImageTooLargeException if the image exceeds {@link #MAX_PIXELS}
     */
    static int sampleCount(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image sides must be positive, got " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels > MAX_PIXELS) {
            throw new ImageTooLargeException(width, height, MAX_PIXELS);
        }
        return (int) (pixels * CHANNELS);
    }

    /** @return columns */
    public int width() {
        return width;
    }

    /** @return rows */
    public int height() {
        return height;
    }

    /** @return {@code width * height} */
    public long pixelCount() {
        return (long) width * height;
    }

    /**
     * @param x column, 0 ≤ x &lt; width
     * @param y row, 0 ≤ y &lt; height
     * @param channel 0 red, 1 green, 2 blue
     * @return the sample, 0..255
     * @throws IndexOutOfBoundsException if a coordinate is outside the image
     */
    public int sample(int x, int y, int channel) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        Objects.checkIndex(channel, CHANNELS);
        return data[(y * width + x) * CHANNELS + channel] & 0xFF;
    }

    /**
     * @param x column
     * @param y row
     * @return the pixel as {@code 0xRRGGBB}
     * @throws IndexOutOfBoundsException if a coordinate is outside the image
     */
    public int rgb(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        int i = (y * width + x) * CHANNELS;
        return (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF);
    }

    /** @return a copy of the samples, row-major HWC */
    public byte[] toByteArray() {
        return data.clone();
    }

    /** The samples without copying, for this package's own read-only loops. */
    byte[] samples() {
        return data;
    }

    /**
     * @param other another image
     * @return true if both have the same size
     */
    public boolean sameSize(RgbImage other) {
        return width == other.width && height == other.height;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && width == other.width && height == other.height
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
