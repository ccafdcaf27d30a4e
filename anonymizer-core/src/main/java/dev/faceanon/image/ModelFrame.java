package dev.faceanon.image;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The caller's image size, the size the diffusion model runs at, and the resizes between them.
 *
 * <p>The model size follows diffusers' {@code VaeImageProcessor.preprocess(image, height, width)}:
 * the requested height and width, or the image's own where none is given, each floored to a
 * multiple of the VAE scale factor (8). {@link #toModel} resizes with Pillow's LANCZOS, as diffusers
 * does, and returns the image unchanged when the sizes already agree.
 *
 * <p>{@link #toInput} is this library's own choice: the official code returns the model-size
 * image, while this library gives the output back in the caller's size, resized with the same
 * LANCZOS filter.
 *
 * @param inputWidth the caller's image columns
 * @param inputHeight the caller's image rows
 * @param modelWidth the columns the model runs at
 * @param modelHeight the rows the model runs at
 */
public record ModelFrame(int inputWidth, int inputHeight, int modelWidth, int modelHeight) {

    /** The Stable Diffusion VAE's scale factor, 2^(number of VAE blocks - 1). */
    public static final int VAE_SCALE_FACTOR = 8;

    /** The filter diffusers' VaeImageProcessor resizes PIL images with. */
    public static final ResampleFilter FILTER = ResampleFilter.LANCZOS;

    /**
     * Creates an instance, checking its components.
     *
     * @param inputWidth the caller's image columns
     * @param inputHeight the caller's image rows
     * @param modelWidth the columns the model runs at
     * @param modelHeight the rows the model runs at
     * @throws IllegalArgumentException if a size is not positive
     */
    public ModelFrame {
        if (inputWidth < 1 || inputHeight < 1 || modelWidth < 1 || modelHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive: input " + inputWidth + "x" + inputHeight
                    + ", model " + modelWidth + "x" + modelHeight);
        }
    }

    /**
     * The frame diffusers would use for an image: {@code (height or image.height)} and
     * {@code (width or image.width)}, each floored to a multiple of {@code multiple}.
     *
     * @param image the caller's image
     * @param width requested model columns, or empty for the image's own
     * @param height requested model rows, or empty for the image's own
     * @param multiple the VAE scale factor, usually {@link #VAE_SCALE_FACTOR}
     * @return the frame
     * @throws IllegalArgumentException if a requested side is smaller than {@code multiple} or
     *     {@code multiple} is not positive
     * @throws ImageTooSmallException if a side of the image must be used and is smaller than
     *     {@code multiple}
     */
    public static ModelFrame of(RgbImage image, OptionalInt width, OptionalInt height, int multiple) {
        Objects.requireNonNull(image, "image");
        if (multiple < 1) {
            throw new IllegalArgumentException("multiple must be positive, got " + multiple);
        }
        int w = side("width", width, image.width(), multiple, image);
        int h = side("height", height, image.height(), multiple, image);
        return new ModelFrame(image.width(), image.height(), w, h);
    }

    /**
     * @param image the caller's image
     * @param width model columns
     * @param height model rows
     * @return the frame for an explicit model size (floored to multiples of {@link #VAE_SCALE_FACTOR})
     * @throws IllegalArgumentException if a side is smaller than {@link #VAE_SCALE_FACTOR}
     */
    public static ModelFrame of(RgbImage image, int width, int height) {
        return of(image, OptionalInt.of(width), OptionalInt.of(height), VAE_SCALE_FACTOR);
    }

    /**
     * The frame of an aligned face crop that the model sees at its square size: any crop is resized
     * to it, but one with a side below {@link #VAE_SCALE_FACTOR} holds too little of a face to be
     * refused later than here.
     *
     * @param crop the caller's aligned crop
     * @param modelSize the side the model runs at, at least {@link #VAE_SCALE_FACTOR}
     * @return the frame
     * @throws ImageTooSmallException if a side of the crop is below {@link #VAE_SCALE_FACTOR}
     * @throws IllegalArgumentException if the model size is below {@link #VAE_SCALE_FACTOR}
     */
    public static ModelFrame ofAlignedCrop(RgbImage crop, int modelSize) {
        Objects.requireNonNull(crop, "crop");
        if (crop.width() < VAE_SCALE_FACTOR || crop.height() < VAE_SCALE_FACTOR) {
            throw new ImageTooSmallException(crop.width(), crop.height(), VAE_SCALE_FACTOR);
        }
        return of(crop, modelSize, modelSize);
    }

    private static int side(String name, OptionalInt requested, int own, int multiple, RgbImage image) {
        if (requested.isPresent()) {
            int r = requested.getAsInt();
            if (r < multiple) {
                throw new IllegalArgumentException("model " + name + " must be at least " + multiple + ", got " + r);
            }
            return r - r % multiple;
        }
        if (own < multiple) {
            throw new ImageTooSmallException(image.width(), image.height(), multiple);
        }
        return own - own % multiple;
    }

    /** @return true if the model size differs from the input size */
    public boolean resizes() {
        return inputWidth != modelWidth || inputHeight != modelHeight;
    }

    /**
     * @param input an image of the input size
     * @return it at the model size (Pillow LANCZOS; the same instance if no resize is needed)
     * @throws IllegalArgumentException if the image is not of the input size
     */
    public RgbImage toModel(RgbImage input) {
        check(input, inputWidth, inputHeight, "input");
        return PillowResampler.resize(input, modelWidth, modelHeight, FILTER);
    }

    /**
     * @param model an image of the model size, e.g. the decoded output
     * @return it at the input size (Pillow LANCZOS; the same instance if no resize is needed)
     * @throws IllegalArgumentException if the image is not of the model size
     */
    public RgbImage toInput(RgbImage model) {
        check(model, modelWidth, modelHeight, "model");
        return PillowResampler.resize(model, inputWidth, inputHeight, FILTER);
    }

    private static void check(RgbImage image, int width, int height, String which) {
        Objects.requireNonNull(image, "image");
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("expected an image of the " + which + " size " + width + "x" + height
                    + ", got " + image.width() + "x" + image.height());
        }
    }
}
