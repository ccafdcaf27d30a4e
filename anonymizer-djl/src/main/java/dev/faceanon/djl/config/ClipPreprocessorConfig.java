package dev.faceanon.djl.config;

import com.google.gson.JsonObject;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelConfigException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A transformers {@code CLIPImageProcessor} configuration ({@code preprocessor_config.json} of
 * openai/clip-vit-large-patch14).
 *
 * <p><b>Forms.</b> {@code size} is an integer (legacy: the shortest edge), an object with
 * {@code shortest_edge}, or an object with {@code height} and {@code width} ({@code shortest_edge}
 * wins if both are present, as in transformers' resize); a [height, width] list is also accepted.
 * {@code crop_size} is an integer (a square), an object with {@code height} and {@code width}, or a
 * [height, width] list. {@code image_mean} and {@code image_std} are a number (for every channel) or
 * one number per RGB channel.
 *
 * <p><b>Defaults</b> (CLIPImageProcessor, for absent keys; the published file is the legacy
 * feature-extractor form and relies on several): {@code do_resize} true, {@code size} shortest edge
 * 224, {@code resample} 3 (bicubic), {@code do_center_crop} true, {@code crop_size} 224&times;224,
 * {@code do_rescale} true, {@code rescale_factor} 1/255, {@code do_normalize} true,
 * {@code image_mean} / {@code image_std} the OpenAI CLIP values, {@code do_convert_rgb} true.
 *
 * <p><b>Bounds.</b> The sizes are bounded by what the image encoder can use, so that no config can
 * make preprocessing allocate more: a crop side at most {@link ClipVisionConfig#MAX_IMAGE_SIZE}
 * pixels (the pipeline further requires the crop to equal the vision model's {@code image_size},
 * see {@link #toImageSettings(ClipVisionConfig)}), and a resize side at most
 * {@value #MAX_RESIZE_FACTOR} times the larger crop side: beyond that the centre crop would keep
 * less than a sixteenth of the resized image.
 *
 * <p>Immutable. {@link #equals} compares the values, not {@link #source()}.
 */
public final class ClipPreprocessorConfig extends ConfigValues {

    /** How an image is resized before cropping. */
    public sealed interface ResizeTarget permits ShortestEdge, ImageSize {
    }

    /**
     * Resize so that the shorter side has this length, keeping the aspect ratio (transformers
     * truncates the longer side to an integer).
     *
     * @param length the shorter side after resizing, in pixels
     */
    public record ShortestEdge(int length) implements ResizeTarget {
        /**
         * @param length the shorter side after resizing, in pixels
         * @throws IllegalArgumentException if the length is not positive
         */
        public ShortestEdge {
            if (length < 1) {
                throw new IllegalArgumentException("shortest edge must be positive: " + length);
            }
        }
    }

    /**
     * An exact image size, used as a resize target or as the center-crop size.
     *
     * @param height rows, in pixels
     * @param width columns, in pixels
     */
    public record ImageSize(int height, int width) implements ResizeTarget {
        /**
         * @param height rows, in pixels
         * @param width columns, in pixels
         * @throws IllegalArgumentException if a side is not positive
         */
        public ImageSize {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("image size must be positive: " + height + "x" + width);
            }
        }
    }

    /** PIL resampling filters, by the integer codes the config stores in {@code resample}. */
    public enum PilResample {
        /** 0: nearest neighbour. */
        NEAREST,
        /** 1: Lanczos-3 (PIL's LANCZOS / ANTIALIAS). */
        LANCZOS,
        /** 2: bilinear. */
        BILINEAR,
        /** 3: bicubic (a = -0.5), CLIP's filter. */
        BICUBIC,
        /** 4: box. */
        BOX,
        /** 5: Hamming. */
        HAMMING;

        /** @return the integer PIL uses for this filter */
        public int pilCode() {
            return ordinal();
        }
    }

    /** The OpenAI CLIP normalisation mean per RGB channel (transformers' OPENAI_CLIP_MEAN). */
    public static final List<Double> OPENAI_CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);

    /** The OpenAI CLIP normalisation standard deviation per RGB channel (OPENAI_CLIP_STD). */
    public static final List<Double> OPENAI_CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);

    /** How many times the larger crop side a resize side may be. */
    public static final int MAX_RESIZE_FACTOR = 4;

    private static final int CHANNELS = 3;

    /** The largest value of an image side, and what it is, for the message. */
    private record SideBound(int max, String what) {}

    private static final SideBound CROP_BOUND = new SideBound(ClipVisionConfig.MAX_IMAGE_SIZE,
            "pixels of the largest image a CLIP vision model this library runs takes; the crop must equal the"
                    + " vision model's image_size (224 for clip-vit-large-patch14)");
    private static final String PURPOSE = "transformers CLIP preprocessor_config.json";
    private static final Path BUILT_IN = Path.of("built-in", "clip-vit-large-patch14", "preprocessor_config.json");

    private final boolean doResize;
    private final ResizeTarget size;
    private final PilResample resample;
    private final boolean doCenterCrop;
    private final ImageSize cropSize;
    private final boolean doRescale;
    private final double rescaleFactor;
    private final boolean doNormalize;
    private final List<Double> imageMean;
    private final List<Double> imageStd;
    private final boolean doConvertRgb;

    private ClipPreprocessorConfig(ConfigObject c) {
        super(c.source());
        doResize = c.booleanOr("do_resize", true);
        // The crop first: it bounds the resize target.
        cropSize = cropSize(c);
        size = resizeTarget(c, new SideBound(MAX_RESIZE_FACTOR * Math.max(cropSize.height(), cropSize.width()),
                "pixels a resize side may have: " + MAX_RESIZE_FACTOR + " times the crop size "
                        + cropSize.height() + "x" + cropSize.width() + ", beyond which the centre crop keeps less"
                        + " than a sixteenth of the image"));
        resample = PilResample.values()[c.intOr("resample", PilResample.BICUBIC.pilCode(), 0,
                PilResample.values().length - 1)];
        doCenterCrop = c.booleanOr("do_center_crop", true);
        doRescale = c.booleanOr("do_rescale", true);
        rescaleFactor = c.doubleOr("rescale_factor", 1.0 / 255, Double.MIN_VALUE, 1e3);
        doNormalize = c.booleanOr("do_normalize", true);
        imageMean = perChannel(c, "image_mean", OPENAI_CLIP_MEAN, -1e3);
        imageStd = perChannel(c, "image_std", OPENAI_CLIP_STD, Double.MIN_VALUE);
        doConvertRgb = c.booleanOr("do_convert_rgb", true);
    }

    private static ResizeTarget resizeTarget(ConfigObject c, SideBound bound) {
        if (!c.contains("size")) {
            return new ShortestEdge(224);
        }
        if (c.isObject("size")) {
            ConfigObject s = c.object("size");
            if (s.contains("shortest_edge")) {
                return new ShortestEdge(side(s, "shortest_edge", bound));
            }
            if (s.contains("height") && s.contains("width")) {
                return heightWidth(s, bound);
            }
            throw c.invalid("size", "must hold \"shortest_edge\" or \"height\" and \"width\"");
        }
        if (c.isList("size")) {
            return listSize(c, "size", bound);
        }
        return new ShortestEdge(side(c, "size", bound));
    }

    private static ImageSize cropSize(ConfigObject c) {
        if (!c.contains("crop_size")) {
            return new ImageSize(224, 224);
        }
        if (c.isObject("crop_size")) {
            return heightWidth(c.object("crop_size"), CROP_BOUND);
        }
        if (c.isList("crop_size")) {
            return listSize(c, "crop_size", CROP_BOUND);
        }
        int side = side(c, "crop_size", CROP_BOUND);
        return new ImageSize(side, side);
    }

    private static int side(ConfigObject c, String field, SideBound bound) {
        int value = c.requiredInt(field, 1, Integer.MAX_VALUE);
        return checkSide(c, field, value, bound);
    }

    private static int checkSide(ConfigObject c, String field, int value, SideBound bound) {
        if (value > bound.max()) {
            throw c.invalid(field, "is " + value + ", more than the " + bound.max() + " " + bound.what());
        }
        return value;
    }

    private static ImageSize heightWidth(ConfigObject s, SideBound bound) {
        return new ImageSize(side(s, "height", bound), side(s, "width", bound));
    }

    private static ImageSize listSize(ConfigObject c, String field, SideBound bound) {
        List<Integer> hw = c.intList(field, List.of(), 1, Integer.MAX_VALUE);
        if (hw.size() != 2) {
            throw c.invalid(field, "as a list must be [height, width], found " + hw.size() + " entries");
        }
        return new ImageSize(checkSide(c, field + "[0]", hw.get(0), bound), checkSide(c, field + "[1]", hw.get(1),
                bound));
    }

    private static List<Double> perChannel(ConfigObject c, String field, List<Double> defaultValue, double min) {
        if (!c.contains(field)) {
            return defaultValue;
        }
        if (!c.isList(field)) {
            return Collections.nCopies(CHANNELS, c.doubleOr(field, 0, min, 1e3));
        }
        List<Double> values = c.optionalDoubleList(field, min, 1e3).orElseThrow();
        if (values.size() != CHANNELS) {
            throw c.invalid(field, "has " + values.size() + " entries; give one number or one per RGB channel");
        }
        return values;
    }

    /**
     * Reads and validates a {@code preprocessor_config.json}.
     *
     * @param file the file
     * @return the configuration
     * @throws MissingModelFileException if the file does not exist
     * @throws ModelConfigException if it is malformed
     */
    public static ClipPreprocessorConfig read(Path file) {
        return new ClipPreprocessorConfig(ConfigObject.read(file, PURPOSE));
    }

    /**
     * Validates a configuration already parsed from JSON.
     *
     * @param json the configuration object
     * @param source where it came from, for messages
     * @return the configuration
     * @throws ModelConfigException as {@link #read}
     */
    public static ClipPreprocessorConfig fromJson(JsonObject json, Path source) {
        return new ClipPreprocessorConfig(ConfigObject.of(json, source));
    }

    /**
     * The {@code preprocessor_config.json} of openai/clip-vit-large-patch14 as published (legacy
     * {@code CLIPFeatureExtractor} form), for tests and tools that need it without the file.
     *
     * @return the configuration
     */
    public static ClipPreprocessorConfig clipVitLargePatch14() {
        return fromJson(ConfigObject.parseObject("""
                {
                  "crop_size": 224,
                  "do_center_crop": true,
                  "do_normalize": true,
                  "do_resize": true,
                  "feature_extractor_type": "CLIPFeatureExtractor",
                  "image_mean": [0.48145466, 0.4578275, 0.40821073],
                  "image_std": [0.26862954, 0.26130258, 0.27577711],
                  "resample": 3,
                  "size": 224
                }
                """, BUILT_IN), BUILT_IN);
    }

    /** @return {@code do_resize} (default true) */
    public boolean doResize() {
        return doResize;
    }

    /** @return {@code size}, the resize target (default shortest edge 224) */
    public ResizeTarget size() {
        return size;
    }

    /** @return {@code resample}, the resize filter (default 3, bicubic) */
    public PilResample resample() {
        return resample;
    }

    /** @return {@code do_center_crop} (default true) */
    public boolean doCenterCrop() {
        return doCenterCrop;
    }

    /** @return {@code crop_size}, the center-crop size (default 224&times;224) */
    public ImageSize cropSize() {
        return cropSize;
    }

    /**
     * @return {@code do_rescale} (default true). The face-anon pipeline overrides it with false at
     *     call time, because its input is already in [0, 1].
     */
    public boolean doRescale() {
        return doRescale;
    }

    /** @return {@code rescale_factor} (default 1/255) */
    public double rescaleFactor() {
        return rescaleFactor;
    }

    /** @return {@code do_normalize} (default true) */
    public boolean doNormalize() {
        return doNormalize;
    }

    /** @return {@code image_mean}, one value per RGB channel (default {@link #OPENAI_CLIP_MEAN}) */
    public List<Double> imageMean() {
        return imageMean;
    }

    /** @return {@code image_std}, one positive value per RGB channel (default {@link #OPENAI_CLIP_STD}) */
    public List<Double> imageStd() {
        return imageStd;
    }

    /** @return {@code do_convert_rgb} (default true) */
    public boolean doConvertRgb() {
        return doConvertRgb;
    }

    @Override
    List<Object> values() {
        return Arrays.asList(doResize, size, resample, doCenterCrop, cropSize, doRescale, rescaleFactor, doNormalize,
                imageMean, imageStd, doConvertRgb);
    }

    /**
     * The core preprocessing settings this config describes, for the official path
     * ({@code do_rescale=False} on [0, 1] input, resize, centre crop, normalise), checked against the
     * image encoder they feed.
     *
     * @param vision the configuration of the CLIP vision model the preprocessed images go to
     * @return the settings
     * @throws dev.faceanon.model.ModelConfigException naming this file and {@code crop_size} if the
     *     crop differs from the vision model's {@code image_size} (the model accepts nothing else), or
     *     as {@link #toImageSettings()}
     */
    public dev.faceanon.image.ClipImageSettings toImageSettings(ClipVisionConfig vision) {
        int side = vision.imageSize();
        if (cropSize().height() != side || cropSize().width() != side) {
            throw new dev.faceanon.model.ModelConfigException(source(), "crop_size", "is " + cropSize().height()
                    + "x" + cropSize().width() + ", but the CLIP vision model (" + vision.source() + ") takes "
                    + side + "x" + side + " images (its image_size); the crop must be exactly that");
        }
        return toImageSettings();
    }

    /**
     * The core preprocessing settings this config describes, for the official path
     * ({@code do_rescale=False} on [0, 1] input, resize, centre crop, normalise), without checking
     * them against an image encoder (for parity checks of the preprocessing alone).
     *
     * @return the settings
     * @throws dev.faceanon.model.ModelConfigException if resizing, cropping or normalising is switched
     *     off: the pipeline does all three, and the model was trained with them
     */
    public dev.faceanon.image.ClipImageSettings toImageSettings() {
        if (!doResize() || !doCenterCrop() || !doNormalize()) {
            throw new dev.faceanon.model.ModelConfigException(source(), null,
                    "do_resize, do_center_crop and do_normalize must all be true for this pipeline");
        }
        dev.faceanon.image.ClipImageSettings.Resize resize = size() instanceof ShortestEdge e
                ? new dev.faceanon.image.ClipImageSettings.ShortestEdge(e.length())
                : new dev.faceanon.image.ClipImageSettings.ExactSize(((ImageSize) size()).width(),
                        ((ImageSize) size()).height());
        return new dev.faceanon.image.ClipImageSettings(resize,
                dev.faceanon.image.ResampleFilter.fromPilCode(resample().pilCode()), cropSize().width(),
                cropSize().height(), imageMean(), imageStd());
    }
}
