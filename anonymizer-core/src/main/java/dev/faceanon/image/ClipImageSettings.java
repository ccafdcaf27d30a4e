package dev.faceanon.image;

import java.util.List;
import java.util.Objects;

/**
 * The parameters of transformers' {@code CLIPImageProcessor} that the conditioning path uses:
 * resize target, resampling filter, centre-crop size, and per-channel normalisation.
 *
 * @param resize how the image is resized before cropping
 * @param filter the resampling filter ({@code resample}; CLIP uses bicubic)
 * @param cropWidth centre-crop columns
 * @param cropHeight centre-crop rows
 * @param mean normalisation mean per RGB channel (three values)
 * @param std normalisation standard deviation per RGB channel (three positive values)
 */
public record ClipImageSettings(Resize resize, ResampleFilter filter, int cropWidth, int cropHeight,
        List<Double> mean, List<Double> std) {

    /** Largest side accepted for resize and crop targets; far beyond any CLIP variant. */
    public static final int MAX_SIDE = 1 << 14;

    /** transformers' OPENAI_CLIP_MEAN. */
    public static final List<Double> OPENAI_CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);

    /** transformers' OPENAI_CLIP_STD. */
    public static final List<Double> OPENAI_CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);

    /** A resize target ({@code size} in the processor config). */
    public sealed interface Resize permits ShortestEdge, ExactSize {
    }

    /**
     * Resize so that the shorter side becomes {@code length}; the longer side becomes
     * {@code int(length * long / short)}, truncated, as transformers' get_resize_output_image_size
     * computes it (for a square image both sides become {@code length}).
     *
     * @param length the shorter side after resizing
     */
    public record ShortestEdge(int length) implements Resize {
        /**
         * Creates an instance, checking its components.
         *
         * @param length the shorter side after resizing
         * @throws IllegalArgumentException if out of 1..{@link #MAX_SIDE}
         */
        public ShortestEdge {
            checkSide("shortest edge", length);
        }
    }

    /**
     * Resize to exactly this size, ignoring the aspect ratio ({@code size} with height and width).
     *
     * @param width columns
     * @param height rows
     */
    public record ExactSize(int width, int height) implements Resize {
        /**
         * Creates an instance, checking its components.
         *
         * @param width columns
         * @param height rows
         * @throws IllegalArgumentException if a side is out of 1..{@link #MAX_SIDE}
         */
        public ExactSize {
            checkSide("resize width", width);
            checkSide("resize height", height);
        }
    }

    /**
     * Creates an instance, checking its components.
     *
     * @param resize how the image is resized before cropping
     * @param filter the resampling filter ({@code resample}; CLIP uses bicubic)
     * @param cropWidth centre-crop columns
     * @param cropHeight centre-crop rows
     * @param mean normalisation mean per RGB channel (three values)
     * @param std normalisation standard deviation per RGB channel (three positive values)
     * @throws NullPointerException if a component or a mean or std value is null
     * @throws IllegalArgumentException if a size is out of range, mean or std do not hold three
     *     finite values, or a std is not positive
     */
    public ClipImageSettings {
        Objects.requireNonNull(resize, "resize");
        Objects.requireNonNull(filter, "filter");
        checkSide("crop width", cropWidth);
        checkSide("crop height", cropHeight);
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != RgbImage.CHANNELS || std.size() != RgbImage.CHANNELS) {
            throw new IllegalArgumentException("mean and std need one value per RGB channel, got " + mean + " and "
                    + std);
        }
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
            if (!Double.isFinite(mean.get(c)) || !(std.get(c) > 0) || !Double.isFinite(std.get(c))) {
                throw new IllegalArgumentException("mean must be finite and std positive and finite, got " + mean
                        + " and " + std);
            }
        }
    }

    /**
     * @return the configuration of openai/clip-vit-large-patch14's {@code preprocessor_config.json}:
     *     shortest edge 224, bicubic, centre crop 224 × 224, the OpenAI CLIP mean and std
     */
    public static ClipImageSettings openAiClip() {
        return new ClipImageSettings(new ShortestEdge(224), ResampleFilter.BICUBIC, 224, 224, OPENAI_CLIP_MEAN,
                OPENAI_CLIP_STD);
    }

    /**
     * @param width an image's columns
     * @param height an image's rows
     * @return {@code {width, height}} after the resize step
     */
    int[] resizedSize(int width, int height) {
        if (resize instanceof ExactSize e) {
            return new int[] {e.width(), e.height()};
        }
        int edge = ((ShortestEdge) resize).length();
        int shorter = Math.min(width, height);
        int longer = Math.max(width, height);
        // Python: int(size * long / short); both operands are exact in double, so the quotient
        // is correctly rounded like Python's true division before the truncation.
        long exact = (long) ((double) ((long) edge * longer) / shorter);
        int other = (int) Math.min(exact, Integer.MAX_VALUE);
        int w = width <= height ? edge : other;
        int h = width <= height ? other : edge;
        // Extreme aspect ratios would ask for an enormous intermediate image.
        if ((long) edge * exact > RgbImage.MAX_PIXELS) {
            throw new ImageTooLargeException(w, h, RgbImage.MAX_PIXELS);
        }
        return new int[] {w, h};
    }

    private static void checkSide(String what, int side) {
        if (side < 1 || side > MAX_SIDE) {
            throw new IllegalArgumentException(what + " must be in 1.." + MAX_SIDE + ", got " + side);
        }
    }
}
