package dev.faceanon.djl.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.nn.Weights;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.model.WeightMismatchException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * diffusers 0.25.1 {@code AutoencoderKL} (the Stable Diffusion VAE): {@link #encode} runs the
 * {@link Encoder} and {@code quant_conv} (1×1) and returns the posterior; {@link #decode} runs
 * {@code post_quant_conv} (1×1) and the {@link Decoder}. Slicing and tiling, which diffusers leaves
 * off by default, are not implemented.
 *
 * <p><b>Latent scale.</b> Both methods work on unscaled latents, exactly like diffusers' model: the
 * pipeline multiplies encoder samples by {@link #scalingFactor()} and divides latents by it before
 * decoding.
 *
 * <p><b>Precision.</b> Weights and activations use the type given to {@link #load}; inputs of
 * another floating-point type are converted to it. Activations of the full-size VAE at real image
 * sizes can exceed float16's range (65504) and turn into infinities and NaNs; that is why
 * diffusers' VAE configs carry {@code force_upcast} (default true, not overridden by SD-2.1), which
 * makes its pipelines run the VAE in float32 even when the UNet runs in float16. A pipeline should
 * do the same: load this model as FLOAT32 whenever {@link VaeConfig#forceUpcast()} is set. float16
 * works (also on the CPU) and is tested only for agreement on small inputs.
 *
 * <p><b>Memory and threads.</b> The model owns a sub-manager holding its weights and is closed
 * with {@link #close()}. Every call runs in its own {@link NDScope}, frees intermediate
 * activations stage by stage, and leaves only its result, attached to the caller's manager. Calls
 * hold no per-call state in fields, so concurrent calls from several threads are safe.
 */
public final class AutoencoderKL implements AutoCloseable {
    private static final String MODEL_NAME = "AutoencoderKL";

    private final VaeConfig config;
    private final NDManager manager;
    private final DataType dtype;
    private final Encoder encoder;
    private final Decoder decoder;
    private final Conv2d quantConv;
    private final Conv2d postQuantConv;

    private AutoencoderKL(Weights w, VaeConfig config, AttentionOptions options, NDManager manager,
            DataType dtype) {
        this.config = config;
        this.manager = manager;
        this.dtype = dtype;
        int latent = config.latentChannels();
        encoder = new Encoder(w.at("encoder"), config, options);
        decoder = new Decoder(w.at("decoder"), config, options);
        quantConv = new Conv2d(w.at("quant_conv"), 2L * latent, 2L * latent, 1, 1, 0);
        postQuantConv = new Conv2d(w.at("post_quant_conv"), latent, latent, 1, 1, 0);
    }

    /**
     * Lists the parameters (published key, shape, accepted legacy keys) a checkpoint for this
     * configuration must hold, without loading or allocating anything.
     *
     * @param config the VAE configuration
     * @return the parameters in diffusers' {@code state_dict} order
     */
    public static List<ParameterSpec> expectedParameters(VaeConfig config) {
        Objects.requireNonNull(config, "config");
        return CheckpointLoader.expectedParameters(builder(config, AttentionOptions.defaults(false), null, null));
    }

    /**
     * Checks a checkpoint against the configuration and loads the model.
     *
     * @param config the VAE configuration ({@code vae/config.json})
     * @param weights the checkpoint; the mid-block attentions may use the current
     *     ({@code to_q/to_k/to_v/to_out.0}) or the legacy ({@code query/key/value/proj_attn}) names
     * @param parent the manager under which the model's own manager is created; its device is used
     * @param dtype FLOAT32 or FLOAT16 (see the class comment on {@code force_upcast})
     * @param options attention kernel and upcast; at 512×512 the mid block attends over 4096
     *     tokens with one head (a 4096×4096 score matrix per image on the materialised path)
     * @return the model; close it to free the weights
     * @throws WeightMismatchException listing every missing, unexpected and mis-shaped key
     * @throws IllegalArgumentException if {@code dtype} is not FLOAT32 or FLOAT16
     */
    public static AutoencoderKL load(VaeConfig config, TensorSource weights, NDManager parent, DataType dtype,
            AttentionOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(options, "options");
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new IllegalArgumentException("the VAE runs in FLOAT32 or FLOAT16, not " + dtype);
        }
        return CheckpointLoader.loadOwned(MODEL_NAME, weights, key -> false, parent, dtype,
                (w, own) -> new AutoencoderKL(w, config, options, own, dtype));
    }

    private static Function<Weights, AutoencoderKL> builder(VaeConfig config, AttentionOptions options,
            NDManager manager, DataType dtype) {
        return w -> new AutoencoderKL(w, config, options, manager, dtype);
    }

    /**
     * Encodes images into the latent posterior.
     *
     * @param out the manager that receives the posterior's arrays
     * @param image [B, in_channels, H, W] in [−1, 1] (diffusers' {@code 2·(u8/255) − 1})
     * @return the posterior over unscaled latents [B, latent_channels, ⌊…⌊H/2⌋…/2⌋, same for W]
     *     (H/8 for SD-2.1 and sizes divisible by 8)
     * @throws IllegalArgumentException if the image is not [B, in_channels, H, W]
     */
    public DiagonalGaussianDistribution encode(NDManager out, NDArray image) {
        requireShape(image, config.inChannels(), "image");
        return new DiagonalGaussianDistribution(run(out, image, encoder::forward, quantConv::forward));
    }

    /**
     * Decodes unscaled latents into images.
     *
     * @param out the manager that receives the image
     * @param latents [B, latent_channels, h, w], already divided by {@link #scalingFactor()}
     * @return the image [B, out_channels, h·f, w·f] with f = 2^(blocks−1), roughly in [−1, 1] (not
     *     clamped), in the model's type
     * @throws IllegalArgumentException if the latents are not [B, latent_channels, h, w]
     */
    public NDArray decode(NDManager out, NDArray latents) {
        requireShape(latents, config.latentChannels(), "latents");
        return run(out, latents, postQuantConv::forward, decoder::forward);
    }

    /** Runs two stages in a scope of their own, keeping only the result, attached to {@code out}. */
    private NDArray run(NDManager out, NDArray input, UnaryOperator<NDArray> first, UnaryOperator<NDArray> second) {
        NDArray result;
        try (NDScope scope = new NDScope()) {
            // Grad mode is per thread and on by default; inference never needs autograd.
            JniUtils.setGradMode(false);
            result = new StagedForward(toModelType(input)).then(first).then(second).result();
            NDScope.unregister(result);
        }
        result.attach(out);
        return result;
    }

    /** Encoder alone, for tests that compare its intermediate states with the reference's. */
    Encoder encoder() {
        return encoder;
    }

    /** Decoder alone, for tests that compare its intermediate states with the reference's. */
    Decoder decoder() {
        return decoder;
    }

    /** {@code post_quant_conv}, for tests that feed the decoder's mid block as the reference did. */
    Conv2d postQuantConv() {
        return postQuantConv;
    }

    private NDArray toModelType(NDArray x) {
        return x.getDataType() == dtype ? x : x.toType(dtype, false);
    }

    private static void requireShape(NDArray x, int channels, String what) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != channels || s.get(0) < 1 || s.get(2) < 1 || s.get(3) < 1) {
            throw new IllegalArgumentException(what + " must be [B, " + channels + ", H, W], got " + s);
        }
        if (!x.getDataType().isFloating()) {
            throw new IllegalArgumentException(what + " must be floating point, got " + x.getDataType());
        }
    }

    /** @return the configuration */
    public VaeConfig config() {
        return config;
    }

    /** @return {@code scaling_factor}: latents = sample·factor after encoding, ÷factor before decoding */
    public double scalingFactor() {
        return config.scalingFactor();
    }

    /** @return the type of the weights and activations */
    public DataType dataType() {
        return dtype;
    }

    /** Frees the weights. The model must not be used afterwards. */
    @Override
    public void close() {
        manager.close();
    }
}
