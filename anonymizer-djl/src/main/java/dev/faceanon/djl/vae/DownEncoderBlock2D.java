package dev.faceanon.djl.vae;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.blocks.Downsample2D;
import dev.faceanon.djl.blocks.ResnetBlock2D;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers 0.25.1 {@code DownEncoderBlock2D}: {@code num_layers} resnets without time embedding
 * (the first changes the width), then, except in the last encoder block, a stride-2
 * {@code Downsample2D} with padding 0, i.e. one row and column of zeros added at the bottom and
 * right only.
 */
public final class DownEncoderBlock2D {
    private final ResnetBlock2D[] resnets;
    private final Downsample2D downsampler;

    /**
     * @param w weights at this block's prefix, e.g. {@code encoder.down_blocks.1}
     * @param in input channels
     * @param out output channels
     * @param layers number of resnets ({@code layers_per_block})
     * @param addDownsample whether the block halves the resolution
     * @param groups GroupNorm groups
     * @param eps GroupNorm epsilon (1e-6 in the VAE)
     */
    public DownEncoderBlock2D(Weights w, long in, long out, int layers, boolean addDownsample, int groups,
            double eps) {
        if (layers < 1) {
            throw new IllegalArgumentException("a DownEncoderBlock2D needs at least one resnet, got " + layers);
        }
        resnets = new ResnetBlock2D[layers];
        for (int i = 0; i < layers; i++) {
            resnets[i] = new ResnetBlock2D(w.at("resnets").at(i), i == 0 ? in : out, out, 0, groups, eps);
        }
        downsampler = addDownsample ? new Downsample2D(w.at("downsamplers").at(0), out, 0) : null;
    }

    /**
     * @param x input [B, in, H, W]
     * @return [B, out, H, W], or [B, out, ⌊H/2⌋, ⌊W/2⌋] with a downsampler; attached to {@code x}'s
     *     manager
     */
    public NDArray forward(NDArray x) {
        StagedForward f = new StagedForward(x);
        for (ResnetBlock2D resnet : resnets) {
            f.then(h -> resnet.forward(h, null));
        }
        if (downsampler != null) {
            f.then(downsampler::forward);
        }
        return f.result();
    }
}
