package dev.faceanon.djl.vae;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.blocks.ResnetBlock2D;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers 0.25.1 {@code UNetMidBlock2D} as the VAE encoder and decoder use it: one layer, no
 * time embedding, {@code resnets.0 → attentions.0 → resnets.1}, all at the same width.
 */
public final class UNetMidBlock2D {
    private final VaeAttention attention;
    private final ResnetBlock2D resnet0;
    private final ResnetBlock2D resnet1;

    /**
     * @param w weights at this block's prefix, e.g. {@code decoder.mid_block}
     * @param channels block width (the last {@code block_out_channels} entry)
     * @param attentionHeadDim head width of the attention (the VAE passes {@code channels}: one head)
     * @param groups GroupNorm groups of the resnets and the attention
     * @param eps GroupNorm epsilon (1e-6 in the VAE)
     * @param options attention kernel and upcast
     */
    public UNetMidBlock2D(Weights w, long channels, long attentionHeadDim, int groups, double eps,
            AttentionOptions options) {
        // diffusers registers the attentions before the resnets; building them in that order keeps
        // the parameter list in checkpoint order.
        attention = new VaeAttention(w.at("attentions").at(0), channels, attentionHeadDim, groups, eps, options);
        resnet0 = new ResnetBlock2D(w.at("resnets").at(0), channels, channels, 0, groups, eps);
        resnet1 = new ResnetBlock2D(w.at("resnets").at(1), channels, channels, 0, groups, eps);
    }

    /**
     * @param x input [B, C, H, W]
     * @return [B, C, H, W], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        return new StagedForward(x)
                .then(h -> resnet0.forward(h, null))
                .then(attention::forward)
                .then(h -> resnet1.forward(h, null))
                .result();
    }
}
