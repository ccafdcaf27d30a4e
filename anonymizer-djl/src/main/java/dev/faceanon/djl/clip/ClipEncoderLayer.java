package dev.faceanon.djl.clip;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.LayerNorm;
import dev.faceanon.djl.nn.Weights;

/**
 * transformers' {@code CLIPEncoderLayer}, a pre-norm transformer layer:
 * {@code h = x + self_attn(layer_norm1(x))}, then {@code h + mlp(layer_norm2(h))}.
 */
public final class ClipEncoderLayer {
    private final LayerNorm layerNorm1;
    private final ClipAttention selfAttn;
    private final LayerNorm layerNorm2;
    private final ClipMlp mlp;

    /**
     * @param w weights at {@code vision_model.encoder.layers.i}
     * @param hidden token width ({@code hidden_size})
     * @param intermediate MLP width ({@code intermediate_size})
     * @param heads attention heads ({@code num_attention_heads})
     * @param activation MLP activation ({@code hidden_act})
     * @param eps LayerNorm epsilon ({@code layer_norm_eps})
     * @param options attention kernel
     */
    public ClipEncoderLayer(Weights w, int hidden, int intermediate, int heads, ClipVisionConfig.Activation activation,
            double eps, AttentionOptions options) {
        // Fetched in the reference's declaration order, so the parameter list reads like its state dict.
        selfAttn = new ClipAttention(w.at("self_attn"), hidden, heads, options);
        layerNorm1 = new LayerNorm(w.at("layer_norm1"), hidden, eps);
        mlp = new ClipMlp(w.at("mlp"), hidden, intermediate, activation);
        layerNorm2 = new LayerNorm(w.at("layer_norm2"), hidden, eps);
    }

    /**
     * @param x tokens [B, L, hidden]
     * @return [B, L, hidden], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        NDArray normed = layerNorm1.forward(x);
        NDArray attended = selfAttn.forward(normed);
        normed.close();
        NDArray h = x.add(attended);
        attended.close();
        NDArray normed2 = layerNorm2.forward(h);
        NDArray fed = mlp.forward(normed2);
        normed2.close();
        NDArray out = h.add(fed);
        fed.close();
        h.close();
        return out;
    }
}
