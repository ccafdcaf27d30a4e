package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.blocks.TimestepEmbedding;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.nn.Activations;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.GroupNorm;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.nn.Weights;
import dev.faceanon.djl.weights.TensorSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The face-anon denoising UNet (the official custom {@code UNet2DConditionModel}, SD-2.1 topology):
 * {@code conv_in}, {@code time_embedding}, {@code down_blocks}, {@code mid_block}, {@code up_blocks},
 * {@code conv_norm_out}, SiLU, {@code conv_out}, whose self-attentions also attend over the
 * ReferenceNet states of a {@link ReferenceContext}. Without a context it is a plain diffusers
 * {@code UNet2DConditionModel}.
 *
 * <p>Parameters and activations are in the type given at load; the attention softmax runs in
 * float32. Immutable after construction and safe for concurrent forward calls.
 */
public final class UNet2DConditionModel implements AutoCloseable {
    private static final String NAME = "UNet2DConditionModel";
    private static final long MAX_TIMESTEP = 1L << 24;

    private final UNetConfig config;
    private final DataType dtype;
    private final NDManager owned;
    private final Conv2d convIn;
    private final TimestepEmbedding timeEmbedding;
    private final List<DownBlock> downBlocks = new ArrayList<>();
    private final UNetMidBlock2DCrossAttn midBlock;
    private final List<UpBlock> upBlocks = new ArrayList<>();
    private final GroupNorm convNormOut;
    private final Conv2d convOut;
    /** The transformers of each attention-bearing block, under the key of the block's reference state. */
    private final Map<String, List<Transformer2DModel>> attentionsByState = new LinkedHashMap<>();

    /**
     * Builds the model on weights that someone else owns (see {@link #load} for the usual way).
     *
     * @param w the root weights
     * @param config the configuration
     * @param dtype the type of the parameters, which activations follow (FLOAT32 or FLOAT16)
     * @param options attention kernel and upcasting
     */
    public UNet2DConditionModel(Weights w, UNetConfig config, DataType dtype, AttentionOptions options) {
        this(w, config, dtype, options, null);
    }

    private UNet2DConditionModel(Weights w, UNetConfig config, DataType dtype, AttentionOptions options,
            NDManager owned) {
        this.config = config;
        this.dtype = dtype;
        this.owned = owned;
        UNetBlocks blocks = new UNetBlocks(config, options);
        convIn = blocks.convIn(w);
        timeEmbedding = blocks.timeEmbedding(w);
        for (int i = 0; i < blocks.count(); i++) {
            downBlocks.add(blocks.down(w.at("down_blocks"), i));
            index(downBlocks.get(i).attentions());
        }
        midBlock = blocks.mid(w.at("mid_block"), BlockExtent.WHOLE);
        index(midBlock.attentions());
        for (int i = 0; i < blocks.count(); i++) {
            upBlocks.add(blocks.up(w.at("up_blocks"), i, BlockExtent.WHOLE));
            index(upBlocks.get(i).attentions());
        }
        convNormOut = blocks.convNormOut(w);
        convOut = blocks.convOut(w);
    }

    private void index(List<Transformer2DModel> attentions) {
        if (!attentions.isEmpty()) {
            attentionsByState.put(attentions.get(0).path(), attentions);
        }
    }

    /**
     * Loads the model from a checkpoint, after checking that its keys and shapes match exactly.
     *
     * @param config the configuration
     * @param source the checkpoint (the face-anon {@code unet}, or any SD-2.x-style UNet)
     * @param parent the manager under which the model's own manager is created; its device is used
     * @param dtype FLOAT32 or FLOAT16
     * @param options attention kernel and upcasting; see {@link AttentionOptions#defaults}
     * @return the model, owning its weights until closed
     * @throws dev.faceanon.model.WeightMismatchException listing every missing, unexpected and
     *     mis-shaped key
     */
    public static UNet2DConditionModel load(UNetConfig config, TensorSource source, NDManager parent,
            DataType dtype, AttentionOptions options) {
        return OwnedWeights.load(NAME, source, parent, dtype,
                (w, m) -> new UNet2DConditionModel(w, config, dtype, options, m));
    }

    /**
     * @param config a configuration
     * @return the parameters such a model loads, without allocating anything
     */
    public static List<ParameterSpec> expectedParameters(UNetConfig config) {
        return CheckpointLoader.expectedParameters(
                w -> new UNet2DConditionModel(w, config, DataType.FLOAT32, AttentionOptions.defaults(false)));
    }

    /** @return the configuration */
    public UNetConfig config() {
        return config;
    }

    /** @return the parameter and activation type */
    public DataType dataType() {
        return dtype;
    }

    /** @return the keys of the reference states this model consumes, one per attention-bearing block */
    public List<String> referenceStateKeys() {
        return List.copyOf(attentionsByState.keySet());
    }

    /**
     * Builds the reference context of one pipeline call from the two ReferenceNets' states, as the
     * official {@code cat_referencenet_states(source, conditioning)} followed by the keys and
     * values every step would project.
     *
     * @param parent manager under which the context's manager is created
     * @param source the source ReferenceNet's states [B, HW, C]
     * @param conditioning the conditioning ReferenceNet's states [B, HW, C]
     * @return the context
     */
    public ReferenceContext referenceContext(NDManager parent, ReferenceStates source,
            ReferenceStates conditioning) {
        try (ReferenceStates joined = source.concatTokens(parent, conditioning)) {
            return referenceContext(parent, joined);
        }
    }

    /**
     * Builds the reference context from states already concatenated along tokens.
     *
     * @param parent manager under which the context's manager is created
     * @param concatenated per key {@code [source; conditioning]}, [B, 2·HW, C]
     * @return the context
     * @throws IllegalArgumentException if a key is missing or a state has the wrong width
     */
    public ReferenceContext referenceContext(NDManager parent, ReferenceStates concatenated) {
        if (!concatenated.keys().containsAll(attentionsByState.keySet())) {
            throw new IllegalArgumentException("reference states " + concatenated.keys() + " lack some of "
                    + attentionsByState.keySet());
        }
        return ForwardScope.run(() -> {
            Map<String, ReferenceKeyValues> byAttention = new LinkedHashMap<>();
            attentionsByState.forEach((key, attentions) -> {
                // The official code casts the states to the hidden-state type.
                NDArray state = concatenated.get(key).toType(dtype, false);
                for (Transformer2DModel attention : attentions) {
                    byAttention.put(attention.path(), attention.projectReference(state));
                }
            });
            return byAttention;
        }, byAttention -> new ReferenceContext(parent, byAttention, this, concatenated.batchSize()));
    }

    /**
     * One denoiser evaluation.
     *
     * @param out the manager that receives the result
     * @param sample latents [B, in_channels, H, W] (converted to this model's type)
     * @param timestep the diffusion timestep, 0 ≤ t &lt; 2^24
     * @param encoderHiddenStates [B, S, cross_attention_dim]; the face-anon pipeline passes the source
     *     and conditioning CLIP tokens, S = 2
     * @param refs the reference context of this pipeline call (batch B, built by this model), or null
     *     for plain self-attention
     * @return the prediction [B, out_channels, H, W] in this model's type, attached to {@code out}
     */
    public NDArray forward(NDManager out, NDArray sample, long timestep, NDArray encoderHiddenStates,
            ReferenceContext refs) {
        UNetInputs.check(config, sample, encoderHiddenStates);
        long batch = sample.getShape().get(0);
        if (refs != null && (!refs.belongsTo(this) || refs.batchSize() != batch)) {
            throw new IllegalArgumentException(refs.belongsTo(this)
                    ? "reference context has batch " + refs.batchSize() + ", sample has " + batch
                    : "reference context was built by another UNet");
        }
        return forward(out, sample, timestep, encoderHiddenStates, refs == null ? ReferenceAttention.NONE : refs,
                (name, value) -> { });
    }

    /**
     * As {@link #forward(NDManager, NDArray, long, NDArray, ReferenceContext)} with any reference
     * mechanism, showing each block's output to a probe (for tests that localise differences).
     */
    NDArray forward(NDManager out, NDArray sample, long timestep, NDArray encoderHiddenStates,
            ReferenceAttention reference, BiConsumer<String, NDArray> probe) {
        UNetInputs.check(config, sample, encoderHiddenStates);
        if (timestep < 0 || timestep >= MAX_TIMESTEP) {
            throw new IllegalArgumentException("timestep must be in [0, 2^24), got " + timestep);
        }
        long batch = sample.getShape().get(0);
        return ForwardScope.run(out, () -> {
            NDArray x = sample.toType(dtype, false);
            NDArray enc = encoderHiddenStates.toType(dtype, false);
            NDArray temb = timeEmbedding.forward(x.getManager(), timestep, batch, dtype);
            probe.accept("time_embedding", temb);
            NDArray h = convIn.forward(x);
            probe.accept("conv_in", h);
            Deque<NDArray> skips = new ArrayDeque<>();
            skips.push(h);
            for (int i = 0; i < downBlocks.size(); i++) {
                h = downBlocks.get(i).forward(h, temb, enc, reference, skips);
                probe.accept("down_blocks." + i, h);
            }
            h = midBlock.forward(h, temb, enc, reference);
            probe.accept("mid_block", h);
            for (int i = 0; i < upBlocks.size(); i++) {
                h = upBlocks.get(i).forward(h, skips, temb, enc, reference);
                probe.accept("up_blocks." + i, h);
            }
            h = convNormOut.forward(h);
            probe.accept("conv_norm_out", h);
            return convOut.forward(Activations.silu(h));
        });
    }

    /** Frees the weights if this model owns them ({@link #load}). */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public String toString() {
        return NAME + config.blockOutChannels() + " " + dtype;
    }
}
