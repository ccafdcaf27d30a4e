package dev.faceanon.djl.vae;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.blocks.ResnetBlock2D;
import dev.faceanon.djl.blocks.Upsample2D;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers 0.25.1 {@code UpDecoderBlock2D}: {@code num_layers} resnets without time embedding
 * (the first changes the width), then, except in the last decoder block, a nearest-neighbour ×2
 * {@code Upsample2D} with its 3×3 convolution. Unlike the UNet's up blocks it has no skip
 * connections.
 */
public final class UpDecoderBlock2D {
    private final ResnetBlock2D[] resnets;
    private final Upsample2D upsampler;

    /**
     * @param w weights at this block's prefix, e.g. {@code decoder.up_blocks.0}
     * @param in input channels
     * @param out output channels
     * @param layers number of resnets (the VAE decoder uses {@code layers_per_block + 1})
     * @param addUpsample whether the block doubles the resolution
     * @param groups GroupNorm groups
     * @param eps GroupNorm epsilon (1e-6 in the VAE)
     */
    public UpDecoderBlock2D(Weights w, long in, long out, int layers, boolean addUpsample, int groups, double eps) {
        if (layers < 1) {
            throw new IllegalArgumentException("an UpDecoderBlock2D needs at least one resnet, got " + layers);
        }
        resnets = new ResnetBlock2D[layers];
        for (int i = 0; i < layers; i++) {
            resnets[i] = new ResnetBlock2D(w.at("resnets").at(i), i == 0 ? in : out, out, 0, groups, eps);
        }
        upsampler = addUpsample ? new Upsample2D(w.at("upsamplers").at(0), out) : null;
    }

    /**
     * @param x input [B, in, H, W]
     * @return [B, out, H, W], or [B, out, 2H, 2W] with an upsampler; attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        StagedForward f = new StagedForward(x);
        for (ResnetBlock2D resnet : resnets) {
            f.then(h -> resnet.forward(h, null));
        }
        if (upsampler != null) {
            f.then(upsampler::forward);
        }
        return f.result();
    }
}
