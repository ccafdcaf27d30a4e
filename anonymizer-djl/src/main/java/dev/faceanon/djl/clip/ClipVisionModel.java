package dev.faceanon.djl.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.model.WeightMismatchException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * transformers' {@code CLIPVisionModel} with loaded weights: the pipeline's image encoder, whose
 * {@link ClipVisionOutput#pooler() pooler output} conditions the UNets (spec &sect;1.4).
 *
 * <p>The published openai/clip-vit-large-patch14 {@code model.safetensors} is a whole
 * {@code CLIPModel}; {@link #isIgnoredCheckpointKey} names the parts of it this model knowingly
 * skips. Any other key the vision tower does not use is reported as unexpected.
 *
 * <p>Owns its weights (a sub-manager of the manager given to {@link #load}); close it to free them.
 * Safe for concurrent {@link #forward} calls: it has no per-call state.
 */
public final class ClipVisionModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClipVisionModel.class);
    private static final String PREFIX = "vision_model";
    private static final String NAME = "CLIPVisionModel";

    private final ClipVisionConfig config;
    private final DataType dtype;
    private final ClipVisionTransformer visionModel;
    private final NDManager weights;

    private ClipVisionModel(ClipVisionConfig config, DataType dtype, ClipVisionTransformer visionModel,
            NDManager weights) {
        this.config = config;
        this.dtype = dtype;
        this.visionModel = visionModel;
        this.weights = weights;
    }

    /**
     * Checks a checkpoint against the model and loads it.
     *
     * @param config the vision configuration
     * @param source the checkpoint: a {@code CLIPVisionModel}, {@code CLIPVisionModelWithProjection}
     *     or full {@code CLIPModel} state dict
     * @param manager parent of the manager that will own the weights; its device is used
     * @param dtype FLOAT32 or FLOAT16, for weights and activations
     * @param options attention kernel; CLIP's reference attention does not upcast
     * @return the model
     * @throws WeightMismatchException listing every missing, unexpected and mis-shaped key
     * @throws IllegalArgumentException if {@code dtype} is not FLOAT32 or FLOAT16
     */
    public static ClipVisionModel load(ClipVisionConfig config, TensorSource source, NDManager manager,
            DataType dtype, AttentionOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        // BFLOAT16 in particular must never reach the engine: DJL's PyTorch binding aborts the JVM.
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new IllegalArgumentException("CLIP vision model runs in FLOAT32 or FLOAT16, not " + dtype);
        }
        NDManager owned = manager.newSubManager();
        try {
            ClipVisionTransformer visionModel = CheckpointLoader.load(NAME, source,
                    ClipVisionModel::isIgnoredCheckpointKey, owned, dtype,
                    w -> new ClipVisionTransformer(w.at(PREFIX), config, options));
            LOG.debug("loaded {} from {}: {} layers, hidden {}, {}", NAME, source.path(), config.numHiddenLayers(),
                    config.hiddenSize(), dtype);
            return new ClipVisionModel(config, dtype, visionModel, owned);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    /**
     * The parameters the model expects for a configuration, listed without allocating anything.
     *
     * @param config the vision configuration
     * @return the {@code vision_model.*} parameters in state-dict order
     */
    public static List<ParameterSpec> expectedParameters(ClipVisionConfig config) {
        AttentionOptions unusedOptions = AttentionOptions.defaults(false);
        return CheckpointLoader.expectedParameters(w -> new ClipVisionTransformer(w.at(PREFIX), config, unusedOptions));
    }

    /**
     * The checkpoint keys a vision-only model knowingly skips: the text tower ({@code text_model.*}),
     * the projections ({@code visual_projection.*}, {@code text_projection.*}), {@code logit_scale},
     * and the int64 {@code vision_model.embeddings.position_ids} buffer that older exports contain
     * (transformers treats it as non-persistent and rebuilds it as 0..N-1, which this model implies).
     *
     * @param key a checkpoint key
     * @return true if the key is not an error when the model does not use it
     */
    public static boolean isIgnoredCheckpointKey(String key) {
        return key.startsWith("text_model.") || key.startsWith("visual_projection.")
                || key.startsWith("text_projection.") || key.equals("logit_scale")
                || key.equals(PREFIX + ".embeddings.position_ids");
    }

    /**
     * Encodes a batch of images.
     *
     * @param out the manager that receives the results
     * @param pixelValues CLIP-normalised images [B, channels, image_size, image_size], any floating
     *     type (converted to the model's type, as transformers converts to the weights' type)
     * @return the encoder output and the pooled class token, in the model's type, attached to {@code out}
     * @throws IllegalArgumentException if the input is not floating point or its shape differs from the
     *     configured one
     * @throws IllegalStateException if the model is closed
     */
    public ClipVisionOutput forward(NDManager out, NDArray pixelValues) {
        if (!weights.isOpen()) {
            throw new IllegalStateException(NAME + " is closed");
        }
        if (!pixelValues.getDataType().isFloating()) {
            throw new IllegalArgumentException("CLIP pixel values must be normalised floats, got "
                    + pixelValues.getDataType());
        }
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope()) {
            NDArray x = pixelValues.getDataType() == dtype ? pixelValues : pixelValues.toType(dtype, false);
            ClipVisionOutput result = visionModel.forward(x);
            NDScope.unregister(result.lastHiddenState(), result.pooler());
            result.lastHiddenState().attach(out);
            result.pooler().attach(out);
            return result;
        }
    }

    /** @return the configuration the model was built for */
    public ClipVisionConfig config() {
        return config;
    }

    /** @return the type of the weights and activations */
    public DataType dataType() {
        return dtype;
    }

    /** Frees the weights. */
    @Override
    public void close() {
        weights.close();
    }
}
