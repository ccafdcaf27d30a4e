package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.blocks.TimestepEmbedding;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.nn.Weights;
import dev.faceanon.djl.weights.TensorSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The face-anon {@code ReferenceNetModel}: a UNet of the denoiser's topology run once per pipeline
 * call at timestep 0 on a reference image's latents and CLIP token, of which only the
 * self-attention inputs are used (see {@link ReferenceStates}).
 *
 * <p>It stops as soon as the last needed state exists: the {@code norm1} output of
 * {@code transformer_blocks.0} of the last attention-bearing block's {@code attentions.0}
 * ({@code up_blocks.3.attentions.0} for SD-2.1). Everything after that point (the rest of that
 * transformer and block, later blocks, {@code conv_norm_out}, {@code conv_out}) cannot change any
 * recorded state; those parameters are declared, so that the published checkpoint loads with no
 * unexpected key, but never loaded. Immutable and safe for concurrent forward calls.
 */
public final class ReferenceNet implements AutoCloseable {
    private static final String NAME = "ReferenceNetModel";

    private final UNetConfig config;
    private final DataType dtype;
    private final NDManager owned;
    private final Conv2d convIn;
    private final TimestepEmbedding timeEmbedding;
    private final List<DownBlock> downBlocks = new ArrayList<>();
    private final UNetMidBlock2DCrossAttn midBlock;
    /** Up blocks that run whole before the last one with attention. */
    private final List<UpBlock> upBlocksBeforeLast = new ArrayList<>();
    /** The last up block with attention, which runs until its reference state; null if none has attention. */
    private final CrossAttnUpBlock2D lastUpBlock;
    private final Set<String> stateKeys;

    /**
     * Builds the model on weights that someone else owns (see {@link #load} for the usual way).
     *
     * @param w the root weights
     * @param config the configuration (the denoiser's)
     * @param dtype the type of the parameters, which activations follow (FLOAT32 or FLOAT16)
     * @param options attention kernel and upcasting
     */
    public ReferenceNet(Weights w, UNetConfig config, DataType dtype, AttentionOptions options) {
        this(w, config, dtype, options, null);
    }

    private ReferenceNet(Weights w, UNetConfig config, DataType dtype, AttentionOptions options, NDManager owned) {
        this.config = config;
        this.dtype = dtype;
        this.owned = owned;
        UNetBlocks blocks = new UNetBlocks(config, options);
        int lastAttentionUp = -1;
        for (int i = 0; i < blocks.count(); i++) {
            if (config.upBlockTypes().get(i).hasAttention()) {
                lastAttentionUp = i;
            }
        }
        convIn = blocks.convIn(w);
        timeEmbedding = blocks.timeEmbedding(w);
        for (int i = 0; i < blocks.count(); i++) {
            downBlocks.add(blocks.down(w.at("down_blocks"), i));
        }
        midBlock = blocks.mid(w.at("mid_block"),
                lastAttentionUp < 0 ? BlockExtent.UNTIL_REFERENCE_STATE : BlockExtent.WHOLE);
        CrossAttnUpBlock2D last = null;
        for (int i = 0; i < blocks.count(); i++) {
            if (i < lastAttentionUp) {
                upBlocksBeforeLast.add(blocks.up(w.at("up_blocks"), i, BlockExtent.WHOLE));
            } else if (i == lastAttentionUp) {
                last = (CrossAttnUpBlock2D) blocks.up(w.at("up_blocks"), i, BlockExtent.UNTIL_REFERENCE_STATE);
            } else {
                blocks.up(w.unused().at("up_blocks"), i, BlockExtent.WHOLE);
            }
        }
        lastUpBlock = last;
        blocks.convNormOut(w.unused());
        blocks.convOut(w.unused());
        stateKeys = Set.copyOf(ReferenceStates.keysFor(config));
    }

    /**
     * Loads the model from a checkpoint, after checking that its keys and shapes match exactly.
     *
     * @param config the configuration
     * @param source the checkpoint ({@code referencenet} or {@code conditioning_referencenet})
     * @param parent the manager under which the model's own manager is created; its device is used
     * @param dtype FLOAT32 or FLOAT16
     * @param options attention kernel and upcasting
     * @return the model, owning its weights until closed
     * @throws dev.faceanon.model.WeightMismatchException listing every missing, unexpected and
     *     mis-shaped key (the skipped tail may be absent, but must have the right shapes if present)
     */
    public static ReferenceNet load(UNetConfig config, TensorSource source, NDManager parent, DataType dtype,
            AttentionOptions options) {
        return OwnedWeights.load(NAME, source, parent, dtype, (w, m) -> new ReferenceNet(w, config, dtype, options, m));
    }

    /**
     * @param config a configuration
     * @return the parameters such a model declares (including the unused tail), without allocating
     */
    public static List<ParameterSpec> expectedParameters(UNetConfig config) {
        return CheckpointLoader.expectedParameters(
                w -> new ReferenceNet(w, config, DataType.FLOAT32, AttentionOptions.defaults(false)));
    }

    /** @return the configuration */
    public UNetConfig config() {
        return config;
    }

    /** @return the parameter and activation type */
    public DataType dataType() {
        return dtype;
    }

    /**
     * Runs the ReferenceNet at timestep 0 up to its last needed state.
     *
     * @param out the manager under which the result's manager is created
     * @param sample reference latents [B, in_channels, H, W] (scaled VAE latents; zeros for null
     *     conditioning)
     * @param encoderHiddenStates the reference image's CLIP token [B, 1, cross_attention_dim]
     * @return the states, [B, H_b·W_b, C_b] each, in this model's type
     */
    public ReferenceStates forward(NDManager out, NDArray sample, NDArray encoderHiddenStates) {
        UNetInputs.check(config, sample, encoderHiddenStates);
        long batch = sample.getShape().get(0);
        StateRecorder recorder = new StateRecorder(stateKeys);
        try {
            return ForwardScope.run(() -> record(sample, encoderHiddenStates, batch, recorder),
                    states -> ReferenceStates.adopt(out, states));
        } catch (RuntimeException | Error e) {
            recorder.discard();
            throw e;
        }
    }

    private Map<String, NDArray> record(NDArray sample, NDArray encoderHiddenStates, long batch,
            StateRecorder recorder) {
        NDArray x = sample.toType(dtype, false);
        NDArray enc = encoderHiddenStates.toType(dtype, false);
        NDArray temb = timeEmbedding.forward(x.getManager(), 0, batch, dtype);
        NDArray h = convIn.forward(x);
        Deque<NDArray> skips = new ArrayDeque<>();
        skips.push(h);
        for (DownBlock block : downBlocks) {
            h = block.forward(h, temb, enc, recorder, skips);
        }
        if (lastUpBlock == null) {
            recorder.selfAttentionInput(midBlock.attentions().get(0).path(), midBlock.referenceState(h, temb));
            return recorder.states;
        }
        h = midBlock.forward(h, temb, enc, recorder);
        for (UpBlock block : upBlocksBeforeLast) {
            h = block.forward(h, skips, temb, enc, recorder);
        }
        recorder.selfAttentionInput(lastUpBlock.attentions().get(0).path(), lastUpBlock.referenceState(h, skips, temb));
        return recorder.states;
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

    /** Keeps the self-attention inputs of the transformers whose state the denoiser uses. */
    private static final class StateRecorder implements ReferenceAttention {
        private final Set<String> wanted;
        private final Map<String, NDArray> states = new LinkedHashMap<>();

        StateRecorder(Set<String> wanted) {
            this.wanted = wanted;
        }

        @Override
        public ReferenceKeyValues keyValues(String attentionPath) {
            return null;
        }

        @Override
        public void selfAttentionInput(String attentionPath, NDArray norm1Output) {
            if (wanted.contains(attentionPath)) {
                // Out of the transformer's scope, which closes when the transformer returns.
                NDScope.unregister(norm1Output);
                states.put(attentionPath, norm1Output);
            }
        }

        /** Frees what was recorded, when the pass fails before handing the states over. */
        void discard() {
            states.values().forEach(NDArray::close);
        }
    }
}
