package dev.faceanon.djl.clip;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.DotProductAttention;
import dev.faceanon.djl.nn.Linear;
import dev.faceanon.djl.nn.Weights;

/**
 * transformers' {@code CLIPAttention} (eager path, no mask): unmasked multi-head self-attention with
 * biased {@code q_proj}, {@code k_proj}, {@code v_proj} and {@code out_proj}, each [hidden, hidden].
 * The reference multiplies the projected queries by {@code head_dim^-0.5} before {@code q·kᵀ};
 * {@link DotProductAttention} applies the same factor (the materialised path to the same tensor, the
 * fused kernel inside its tiles), equal up to float32 rounding.
 */
public final class ClipAttention {
    private final int heads;
    private final AttentionOptions options;
    private final Linear qProj;
    private final Linear kProj;
    private final Linear vProj;
    private final Linear outProj;

    /**
     * @param w weights at {@code vision_model.encoder.layers.i.self_attn}
     * @param hidden token width ({@code hidden_size})
     * @param heads number of heads ({@code num_attention_heads}); must divide {@code hidden}
     * @param options the kernel (and upcast, which CLIP's reference does not do; pass false to match it)
     * @throws IllegalArgumentException if {@code heads} does not divide {@code hidden}
     */
    public ClipAttention(Weights w, int hidden, int heads, AttentionOptions options) {
        if (heads < 1 || hidden % heads != 0) {
            throw new IllegalArgumentException(heads + " heads do not divide hidden size " + hidden);
        }
        this.heads = heads;
        this.options = options;
        // The reference declares k, v, q, out in this order; fetching likewise keeps the parameter
        // list in state-dict order.
        kProj = new Linear(w.at("k_proj"), hidden, hidden, true);
        vProj = new Linear(w.at("v_proj"), hidden, hidden, true);
        qProj = new Linear(w.at("q_proj"), hidden, hidden, true);
        outProj = new Linear(w.at("out_proj"), hidden, hidden, true);
    }

    /**
     * @param x tokens [B, L, hidden]
     * @return [B, L, hidden], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        NDArray q = qProj.forward(x);
        NDArray k = kProj.forward(x);
        NDArray v = vProj.forward(x);
        NDArray attended = DotProductAttention.attend(q, k, v, heads, options);
        q.close();
        k.close();
        v.close();
        NDArray out = outProj.forward(attended);
        attended.close();
        return out;
    }
}
