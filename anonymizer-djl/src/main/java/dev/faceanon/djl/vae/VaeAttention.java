package dev.faceanon.djl.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.DotProductAttention;
import dev.faceanon.djl.nn.GroupNorm;
import dev.faceanon.djl.nn.Linear;
import dev.faceanon.djl.nn.Weights;
import java.util.List;

/**
 * The spatial self-attention of the VAE mid block: diffusers 0.25.1 {@code Attention} as
 * {@code UNetMidBlock2D} configures it for a "deprecated attention block" (group norm in front,
 * biased projections, residual connection, output rescale factor 1). With
 * {@code attention_head_dim = channels} it has a single head as wide as the block.
 *
 * <p>{@code x + to_out.0(attention(to_q(n), to_k(n), to_v(n)))} where {@code n} is
 * {@code group_norm(x)} viewed as H·W row-major tokens of width C.
 *
 * <p><b>Key names.</b> diffusers 0.25.1 publishes {@code to_q}, {@code to_k}, {@code to_v} and
 * {@code to_out.0}; checkpoints saved before the rename (SD-2.1's VAE is probably one of them) hold
 * the same tensors as {@code query}, {@code key}, {@code value} and {@code proj_attn}, which
 * diffusers renames when loading. Both spellings are accepted here, the current one first.
 */
public final class VaeAttention {
    private final long channels;
    private final int heads;
    private final AttentionOptions options;
    private final GroupNorm groupNorm;
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;

    /**
     * @param w weights at this block's prefix, e.g. {@code encoder.mid_block.attentions.0}
     * @param channels query width C (the block's channels)
     * @param headDim width of one head ({@code attention_head_dim}; the VAE passes C, one head)
     * @param groups GroupNorm groups ({@code norm_num_groups})
     * @param eps GroupNorm epsilon (1e-6 in the VAE)
     * @param options attention kernel and upcast
     * @throws IllegalArgumentException if {@code headDim} does not divide {@code channels}
     */
    public VaeAttention(Weights w, long channels, long headDim, int groups, double eps, AttentionOptions options) {
        if (headDim <= 0 || channels % headDim != 0) {
            throw new IllegalArgumentException("attention at " + w.prefix() + ": head width " + headDim
                    + " does not divide " + channels + " channels");
        }
        this.channels = channels;
        this.heads = Math.toIntExact(channels / headDim);
        this.options = options;
        groupNorm = new GroupNorm(w.at("group_norm"), groups, channels, eps);
        toQ = projection(w, "to_q", "query");
        toK = projection(w, "to_k", "key");
        toV = projection(w, "to_v", "value");
        toOut = projection(w, "to_out.0", "proj_attn");
    }

    /** A biased C→C layer whose parameters may sit under a legacy name. */
    private Linear projection(Weights w, String name, String legacyName) {
        return Linear.of(w.get(name + ".weight", List.of(legacyName + ".weight"), channels, channels),
                w.get(name + ".bias", List.of(legacyName + ".bias"), channels));
    }

    /**
     * @param x input [B, C, H, W]
     * @return {@code x} plus the attention output, [B, C, H, W], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != channels) {
            throw new IllegalArgumentException("VaeAttention expects [B, " + channels + ", H, W], got " + s);
        }
        long b = s.get(0);
        long tokens = s.get(2) * s.get(3);
        NDArray n = groupNorm.forward(x).reshape(b, channels, tokens).transpose(0, 2, 1);
        NDArray attended = DotProductAttention.attend(toQ.forward(n), toK.forward(n), toV.forward(n), heads,
                options);
        NDArray out = toOut.forward(attended).transpose(0, 2, 1).reshape(s);
        return out.add(x);
    }
}
