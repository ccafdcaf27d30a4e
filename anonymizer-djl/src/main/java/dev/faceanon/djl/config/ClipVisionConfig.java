package dev.faceanon.djl.config;

import com.google.gson.JsonObject;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelConfigException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The vision-tower configuration of a transformers {@code CLIPVisionModel}
 * ({@code openai/clip-vit-large-patch14}).
 *
 * <p><b>Where it is read from.</b> Either a {@code CLIPVisionConfig} file (keys at the top level,
 * {@code model_type} clip_vision_model), or a full {@code CLIPConfig} ({@code model_type} clip, as
 * the published {@code config.json} of openai/clip-vit-large-patch14 is), whose
 * {@code vision_config} object is used, as {@code CLIPVisionModel.from_pretrained} does. A legacy
 * {@code vision_config_dict} is ignored, as that loader ignores it. Fields of a nested config are
 * named {@code vision_config.<key>} in messages. Any other {@code model_type} (a text tower, say) is
 * rejected.
 *
 * <p><b>Defaults</b> ({@code CLIPVisionConfig}, for absent keys; the published vision_config is
 * partial and relies on them): {@code hidden_size} 768, {@code intermediate_size} 3072,
 * {@code num_hidden_layers} 12, {@code num_attention_heads} 12, {@code num_channels} 3,
 * {@code image_size} 224, {@code patch_size} 32, {@code hidden_act} quick_gelu,
 * {@code layer_norm_eps} 1e-5. {@code projection_dim} is ignored: the pipeline uses the pooled
 * output without projection.
 *
 * <p><b>Validation.</b> {@code hidden_act} must be quick_gelu or gelu; {@code num_attention_heads}
 * (at most {@value #MAX_HEADS}) must divide {@code hidden_size}; {@code num_channels} must be 3, since
 * the image processor produces RGB images; {@code patch_size} must not exceed {@code image_size}.
 * Sizes are bounded to what a vision tower this library runs can have, so that no config can make
 * it allocate beyond that: {@code image_size} at most {@value #MAX_IMAGE_SIZE} pixels and at most
 * {@value #MAX_PATCHES_PER_SIDE} patches per side (4097 tokens), {@code hidden_size} at most
 * {@value #MAX_WIDTH}, {@code intermediate_size} at most four times that, at most
 * {@value #MAX_LAYERS} layers. The weights must then match these sizes tensor by tensor.
 *
 * <p>Immutable. {@link #equals} compares the values, not {@link #source()}.
 */
public final class ClipVisionConfig extends ConfigValues {

    /** The activation of the MLP blocks ({@code hidden_act}; the constant name in lower case). */
    public enum Activation {
        /** {@code quick_gelu}: x &middot; sigmoid(1.702 x), the original CLIP activation. */
        QUICK_GELU,
        /** {@code gelu}: the exact (erf) GELU. */
        GELU
    }

    /**
     * Largest {@code image_size} accepted, in pixels: well above the published CLIP and ViT variants
     * (224 to 518), and the largest centre crop a {@link ClipPreprocessorConfig} may ask for.
     */
    public static final int MAX_IMAGE_SIZE = 1024;

    /** Most patches per side of the image: 64, so at most 64² + 1 = 4097 tokens per image. */
    public static final int MAX_PATCHES_PER_SIDE = 64;

    /** Largest {@code hidden_size} accepted (ViT-L 1024, the largest published ViTs below 8192). */
    public static final int MAX_WIDTH = 8192;

    /** Most attention heads accepted (ViT-L 16). */
    public static final int MAX_HEADS = 256;

    /** Most encoder layers accepted (ViT-L 24). */
    public static final int MAX_LAYERS = 128;

    /** The channels of the images the image processor produces: RGB. */
    private static final int RGB_CHANNELS = 3;
    private static final String PURPOSE = "transformers CLIP config.json";
    private static final Path BUILT_IN = Path.of("built-in", "clip-vit-large-patch14", "config.json");

    private final int hiddenSize;
    private final int intermediateSize;
    private final int numHiddenLayers;
    private final int numAttentionHeads;
    private final int numChannels;
    private final int imageSize;
    private final int patchSize;
    private final Activation hiddenAct;
    private final double layerNormEps;

    private ClipVisionConfig(ConfigObject root) {
        super(root.source());
        ConfigObject c = visionObject(root);
        hiddenSize = c.intOr("hidden_size", 768, 1, MAX_WIDTH);
        intermediateSize = c.intOr("intermediate_size", 3072, 1, 4 * MAX_WIDTH);
        numHiddenLayers = c.intOr("num_hidden_layers", 12, 1, MAX_LAYERS);
        numAttentionHeads = c.intOr("num_attention_heads", 12, 1, MAX_HEADS);
        numChannels = c.intOr("num_channels", RGB_CHANNELS, 1, 64);
        imageSize = c.intOr("image_size", 224, 1, MAX_IMAGE_SIZE);
        patchSize = c.intOr("patch_size", 32, 1, MAX_IMAGE_SIZE);
        hiddenAct = c.enumOr("hidden_act", Activation.QUICK_GELU, Activation.class);
        layerNormEps = c.doubleOr("layer_norm_eps", 1e-5, Double.MIN_VALUE, 1.0);
        if (hiddenSize % numAttentionHeads != 0) {
            throw c.invalid("num_attention_heads", numAttentionHeads + " heads do not divide hidden_size "
                    + hiddenSize);
        }
        if (numChannels != RGB_CHANNELS) {
            throw c.invalid("num_channels", "is " + numChannels + ", but the image processor feeds the vision model"
                    + " RGB images: it must be " + RGB_CHANNELS);
        }
        if (patchSize > imageSize) {
            throw c.invalid("patch_size", "is " + patchSize + ", larger than image_size " + imageSize);
        }
        if (imageSize / patchSize > MAX_PATCHES_PER_SIDE) {
            throw c.invalid("patch_size", "is " + patchSize + ", which cuts an image of image_size " + imageSize
                    + " into " + imageSize / patchSize + " patches per side; at most " + MAX_PATCHES_PER_SIDE
                    + " per side are accepted (ViT-L/14: 16)");
        }
    }

    private static ConfigObject visionObject(ConfigObject root) {
        if (root.hasValue("model_type")) {
            String type = root.oneOf("model_type", "", Set.of("clip", "clip_vision_model"));
            return type.equals("clip") ? root.object("vision_config") : root;
        }
        return root.contains("vision_config") ? root.object("vision_config") : root;
    }

    /**
     * Reads and validates a CLIP {@code config.json} ({@code CLIPConfig} or {@code CLIPVisionConfig}).
     *
     * @param file the file
     * @return the vision configuration
     * @throws MissingModelFileException if the file does not exist
     * @throws ModelConfigException if it is malformed or asks for an unsupported feature
     */
    public static ClipVisionConfig read(Path file) {
        return new ClipVisionConfig(ConfigObject.read(file, PURPOSE));
    }

    /**
     * Validates a configuration already parsed from JSON ({@code CLIPConfig} or
     * {@code CLIPVisionConfig}).
     *
     * @param json the configuration object
     * @param source where it came from, for messages
     * @return the vision configuration
     * @throws ModelConfigException as {@link #read}
     */
    public static ClipVisionConfig fromJson(JsonObject json, Path source) {
        return new ClipVisionConfig(ConfigObject.of(json, source));
    }

    /**
     * The vision tower of openai/clip-vit-large-patch14 (ViT-L/14, spec &sect;1.4), for tests and
     * tools that need the full-size topology without the file.
     *
     * @return the configuration
     */
    public static ClipVisionConfig clipVitLargePatch14() {
        return fromJson(ConfigObject.parseObject("""
                {
                  "model_type": "clip_vision_model",
                  "hidden_size": 1024,
                  "intermediate_size": 4096,
                  "num_hidden_layers": 24,
                  "num_attention_heads": 16,
                  "num_channels": 3,
                  "image_size": 224,
                  "patch_size": 14,
                  "hidden_act": "quick_gelu",
                  "layer_norm_eps": 1e-5
                }
                """, BUILT_IN), BUILT_IN);
    }

    /** @return {@code hidden_size}, the token width (default 768; ViT-L/14 1024) */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** @return {@code intermediate_size}, the MLP width (default 3072; ViT-L/14 4096) */
    public int intermediateSize() {
        return intermediateSize;
    }

    /** @return {@code num_hidden_layers}, encoder layers (default 12; ViT-L/14 24) */
    public int numHiddenLayers() {
        return numHiddenLayers;
    }

    /** @return {@code num_attention_heads} (default 12; ViT-L/14 16) */
    public int numAttentionHeads() {
        return numAttentionHeads;
    }

    /** @return {@code num_channels}, image channels (default 3) */
    public int numChannels() {
        return numChannels;
    }

    /** @return {@code image_size}, input side in pixels (default 224) */
    public int imageSize() {
        return imageSize;
    }

    /** @return {@code patch_size}, patch side in pixels (default 32; ViT-L/14 14) */
    public int patchSize() {
        return patchSize;
    }

    /** @return {@code hidden_act} (default quick_gelu) */
    public Activation hiddenAct() {
        return hiddenAct;
    }

    /** @return {@code layer_norm_eps} of every LayerNorm (default 1e-5) */
    public double layerNormEps() {
        return layerNormEps;
    }

    /** @return width of one attention head: hidden size / heads */
    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** @return patches per image: (image_size / patch_size)^2, the stride-patch convolution dropping any remainder */
    public int numPatches() {
        int perSide = imageSize / patchSize;
        return perSide * perSide;
    }

    /** @return tokens per image, and rows of the position embedding: the patches plus the class token */
    public int numPositions() {
        return numPatches() + 1;
    }

    @Override
    List<Object> values() {
        return Arrays.asList(hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numChannels,
                imageSize, patchSize, hiddenAct, layerNormEps);
    }
}
