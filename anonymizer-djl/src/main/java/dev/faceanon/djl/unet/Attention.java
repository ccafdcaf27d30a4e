package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.DotProductAttention;
import dev.faceanon.djl.nn.Linear;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers' {@code Attention} as the UNet transformers use it: {@code to_q}, {@code to_k},
 * {@code to_v} without bias, {@code to_out.0} with bias, scale {@code 1/√headDim}, no mask, no
 * residual inside.
 *
 * <p>Besides plain self- and cross-attention it computes the reference self-attention of the
 * face-anon denoiser: queries from the layer's own tokens only, keys and values over
 * {@code [own; reference]} tokens. The official code attends with all own-plus-reference tokens as
 * queries and keeps the first third of the output; every output row depends only on its own query,
 * so the rows kept are exactly these, at a third of the query work.
 */
public final class Attention {
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;
    private final int heads;
    private final long innerDim;
    private final AttentionOptions options;

    /**
     * @param w weights at this layer's prefix, e.g. {@code ...transformer_blocks.0.attn1}
     * @param queryDim width of the tokens that form queries (and the output)
     * @param crossAttentionDim width of the tokens keys and values come from; 0 for self-attention
     * @param heads number of heads
     * @param headDim width of one head
     * @param options attention kernel and upcasting
     */
    public Attention(Weights w, long queryDim, long crossAttentionDim, int heads, long headDim,
            AttentionOptions options) {
        if (heads <= 0 || headDim <= 0 || queryDim <= 0 || crossAttentionDim < 0) {
            throw new IllegalArgumentException("Attention at " + w.prefix() + ": bad sizes query " + queryDim
                    + ", cross " + crossAttentionDim + ", heads " + heads + " x " + headDim);
        }
        long contextDim = crossAttentionDim == 0 ? queryDim : crossAttentionDim;
        this.innerDim = heads * headDim;
        this.heads = heads;
        this.options = options;
        toQ = new Linear(w.at("to_q"), queryDim, innerDim, false);
        toK = new Linear(w.at("to_k"), contextDim, innerDim, false);
        toV = new Linear(w.at("to_v"), contextDim, innerDim, false);
        toOut = new Linear(w.at("to_out").at(0), innerDim, queryDim, true);
    }

    /**
     * Self-attention.
     *
     * @param x tokens [B, L, queryDim]
     * @return [B, L, queryDim], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        return forward(x, x);
    }

    /**
     * Attention of {@code x} over {@code context} (cross-attention; self-attention if the same).
     *
     * @param x query tokens [B, L, queryDim]
     * @param context key/value tokens [B, S, crossAttentionDim]
     * @return [B, L, queryDim], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x, NDArray context) {
        NDArray out = DotProductAttention.attend(toQ.forward(x), toK.forward(context), toV.forward(context), heads,
                options);
        return toOut.forward(out);
    }

    /**
     * Self-attention whose keys and values also cover reference tokens: the face-anon denoiser's
     * {@code attn1}.
     *
     * @param x the layer's own tokens [B, L, queryDim]
     * @param reference the reference tokens projected by {@link #projectReference}, batch B
     * @return [B, L, queryDim], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x, ReferenceKeyValues reference) {
        if (reference.batchSize() != x.getShape().get(0) || reference.keys().getShape().get(2) != innerDim) {
            throw new IllegalArgumentException("reference keys " + reference.keys().getShape()
                    + " do not fit tokens " + x.getShape() + " of an attention " + innerDim + " wide");
        }
        // Own tokens first, as the official concatenation [LN1(x); source; conditioning] orders them.
        NDArray keys = toK.forward(x).concat(reference.keys(), 1);
        NDArray values = toV.forward(x).concat(reference.values(), 1);
        NDArray out = DotProductAttention.attend(toQ.forward(x), keys, values, heads, options);
        keys.close();
        values.close();
        return toOut.forward(out);
    }

    /**
     * Projects reference tokens to this layer's keys and values once, so that denoising steps
     * reuse them.
     *
     * @param reference tokens [B, T, queryDim] (a self-attention layer's input space)
     * @return their keys and values, attached to {@code reference}'s manager
     */
    public ReferenceKeyValues projectReference(NDArray reference) {
        return new ReferenceKeyValues(toK.forward(reference), toV.forward(reference));
    }
}
