package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.LayerNorm;
import dev.faceanon.djl.nn.Weights;
import java.util.function.Consumer;

/**
 * The face-anon {@code BasicTransformerBlock} (layer-norm variant, as in SD-2.1):
 * {@code x += attn1(norm1(x))}, {@code x += attn2(norm2(x), encoder)}, {@code x += ff(norm3(x))},
 * all layer norms with eps 1e-5. With reference keys and values, {@code attn1} also attends over
 * them (see {@link Attention#forward(NDArray, ReferenceKeyValues)}); a ReferenceNet records
 * {@code norm1(x)}, its "referencenet state".
 */
public final class BasicTransformerBlock {
    /** diffusers' {@code norm_eps} default for the transformer layer norms. */
    public static final double LAYER_NORM_EPS = 1e-5;

    private final LayerNorm norm1;
    private final Attention attn1;
    private final LayerNorm norm2;
    private final Attention attn2;
    private final LayerNorm norm3;
    private final FeedForward ff;
    private final BlockExtent extent;

    /**
     * @param w weights at this block's prefix, e.g. {@code down_blocks.0.attentions.1.transformer_blocks.0}
     * @param dim token width
     * @param heads attention heads (head width {@code dim/heads})
     * @param crossAttentionDim width of the encoder hidden states
     * @param options attention kernel and upcasting
     * @param extent {@link BlockExtent#UNTIL_REFERENCE_STATE} keeps only {@code norm1}
     */
    public BasicTransformerBlock(Weights w, long dim, int heads, long crossAttentionDim, AttentionOptions options,
            BlockExtent extent) {
        if (heads <= 0 || dim % heads != 0) {
            throw new IllegalArgumentException("BasicTransformerBlock at " + w.prefix() + ": " + heads
                    + " heads do not divide width " + dim);
        }
        this.extent = extent;
        Weights tail = extent == BlockExtent.WHOLE ? w : w.unused();
        long headDim = dim / heads;
        norm1 = new LayerNorm(w.at("norm1"), dim, LAYER_NORM_EPS);
        attn1 = new Attention(tail.at("attn1"), dim, 0, heads, headDim, options);
        norm2 = new LayerNorm(tail.at("norm2"), dim, LAYER_NORM_EPS);
        attn2 = new Attention(tail.at("attn2"), dim, crossAttentionDim, heads, headDim, options);
        norm3 = new LayerNorm(tail.at("norm3"), dim, LAYER_NORM_EPS);
        ff = new FeedForward(tail.at("ff"), dim);
    }

    /**
     * @param x tokens [B, L, dim]
     * @param encoderHiddenStates [B, S, crossAttentionDim]
     * @param reference keys and values {@code attn1} also attends over, or null
     * @param selfAttentionInputSink receives {@code norm1(x)}, or null
     * @return [B, L, dim], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x, NDArray encoderHiddenStates, ReferenceKeyValues reference,
            Consumer<NDArray> selfAttentionInputSink) {
        requireWhole();
        NDArray normed = norm1.forward(x);
        if (selfAttentionInputSink != null) {
            selfAttentionInputSink.accept(normed);
        }
        NDArray h = x.add(reference == null ? attn1.forward(normed) : attn1.forward(normed, reference));
        h = h.add(attn2.forward(norm2.forward(h), encoderHiddenStates));
        return h.add(ff.forward(norm3.forward(h)));
    }

    /**
     * @param x tokens [B, L, dim]
     * @return {@code norm1(x)}: the self-attention input a ReferenceNet records
     */
    public NDArray selfAttentionInput(NDArray x) {
        return norm1.forward(x);
    }

    /**
     * Projects reference tokens with {@code attn1}'s keys and values.
     *
     * @param reference [B, T, dim]
     * @return the projection, attached to {@code reference}'s manager
     */
    public ReferenceKeyValues projectReference(NDArray reference) {
        requireWhole();
        return attn1.projectReference(reference);
    }

    private void requireWhole() {
        if (extent != BlockExtent.WHOLE) {
            throw new IllegalStateException("this transformer block was built only up to its reference state");
        }
    }
}
