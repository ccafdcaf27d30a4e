package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.GroupNorm;
import dev.faceanon.djl.nn.Linear;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers' {@code Transformer2DModel} with linear projection ({@code use_linear_projection},
 * SD-2.x) and one transformer block: group norm (eps 1e-6), flatten to row-major tokens
 * {@code h·W + w}, {@code proj_in}, {@code transformer_blocks.0}, {@code proj_out}, back to
 * [B, C, H, W], plus the input.
 *
 * <p>In the face-anon UNets it is identified by its checkpoint path (e.g.
 * {@code down_blocks.1.attentions.0}), under which it exchanges reference data with the pass's
 * {@link ReferenceAttention}.
 */
public final class Transformer2DModel {
    /** diffusers' fixed group-norm epsilon of Transformer2DModel. */
    public static final double GROUP_NORM_EPS = 1e-6;

    private final String path;
    private final long channels;
    private final GroupNorm norm;
    private final Linear projIn;
    private final BasicTransformerBlock block;
    private final Linear projOut;

    /**
     * @param w weights at this model's prefix, e.g. {@code mid_block.attentions.0}
     * @param channels width (inner width = channels)
     * @param heads attention heads
     * @param crossAttentionDim width of the encoder hidden states
     * @param groups group-norm groups
     * @param options attention kernel and upcasting
     * @param extent {@link BlockExtent#UNTIL_REFERENCE_STATE} keeps only what
     *     {@link #referenceState} needs
     */
    public Transformer2DModel(Weights w, long channels, int heads, long crossAttentionDim, int groups,
            AttentionOptions options, BlockExtent extent) {
        this.path = w.prefix();
        this.channels = channels;
        norm = new GroupNorm(w.at("norm"), groups, channels, GROUP_NORM_EPS);
        projIn = new Linear(w.at("proj_in"), channels, channels, true);
        block = new BasicTransformerBlock(w.at("transformer_blocks").at(0), channels, heads, crossAttentionDim,
                options, extent);
        Weights tail = extent == BlockExtent.WHOLE ? w : w.unused();
        projOut = new Linear(tail.at("proj_out"), channels, channels, true);
    }

    /** @return the checkpoint path, e.g. {@code up_blocks.3.attentions.2} */
    public String path() {
        return path;
    }

    /** @return the token width */
    public long channels() {
        return channels;
    }

    /**
     * @param x [B, C, H, W]
     * @param encoderHiddenStates [B, S, crossAttentionDim]
     * @param reference supplies reference keys and values for this path and receives its
     *     self-attention input (created in this call's own scope: a receiver that keeps it must take
     *     it out with {@code NDScope.unregister})
     * @return [B, C, H, W], attached to {@code x}'s manager
     * @throws IllegalArgumentException if reference keys exist but do not hold 2·H·W tokens (the
     *     source and conditioning states at this resolution)
     */
    public NDArray forward(NDArray x, NDArray encoderHiddenStates, ReferenceAttention reference) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        ReferenceKeyValues kv = reference.keyValues(path);
        if (kv != null && kv.tokens() != 2 * h * w) {
            throw new IllegalArgumentException("reference for " + path + " has " + kv.tokens()
                    + " tokens, but " + h + "x" + w + " hidden states need 2·" + (h * w)
                    + " (source and conditioning states recorded at the same latent size)");
        }
        return ForwardScope.layer(() -> {
            NDArray tokens = projIn.forward(tokens(x));
            NDArray out = block.forward(tokens, encoderHiddenStates, kv,
                    state -> reference.selfAttentionInput(path, state));
            NDArray projected = projOut.forward(out);
            return projected.reshape(b, h, w, channels).transpose(0, 3, 1, 2).add(x);
        });
    }

    /**
     * What a ReferenceNet records here: the first block's {@code norm1} output.
     *
     * @param x [B, C, H, W]
     * @return [B, H·W, C], attached to {@code x}'s manager
     */
    public NDArray referenceState(NDArray x) {
        return block.selfAttentionInput(projIn.forward(tokens(x)));
    }

    /**
     * Projects reference states with the first block's self-attention keys and values.
     *
     * @param state [B, T, C]
     * @return the projection, attached to {@code state}'s manager
     */
    public ReferenceKeyValues projectReference(NDArray state) {
        if (state.getShape().dimension() != 3 || state.getShape().get(2) != channels) {
            throw new IllegalArgumentException("reference state for " + path + " must be [B, T, " + channels
                    + "], got " + state.getShape());
        }
        return block.projectReference(state);
    }

    private NDArray tokens(NDArray x) {
        Shape s = x.getShape();
        return norm.forward(x).transpose(0, 2, 3, 1).reshape(s.get(0), s.get(2) * s.get(3), channels);
    }
}
