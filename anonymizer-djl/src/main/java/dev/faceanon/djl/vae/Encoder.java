package dev.faceanon.djl.vae;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.djl.nn.Activations;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.GroupNorm;
import dev.faceanon.djl.nn.Weights;
import java.util.List;

/**
 * diffusers 0.25.1 {@code Encoder} (of {@code models/autoencoders/vae.py}) with {@code double_z}:
 * {@code conv_in} (3×3), one {@link DownEncoderBlock2D} per {@code block_out_channels} entry (all
 * but the last halve the resolution), a {@link UNetMidBlock2D} whose attention has a single head
 * of the last width, then {@code conv_norm_out}, SiLU and {@code conv_out} (3×3) to
 * 2·{@code latent_channels}: the mean and log-variance of the posterior before {@code quant_conv}.
 * Every GroupNorm has {@code norm_num_groups} groups and epsilon 1e-6.
 */
public final class Encoder {
    /** diffusers hard-codes this epsilon for every norm of the VAE. */
    static final double EPS = 1e-6;

    private final int inChannels;
    private final Conv2d convIn;
    private final DownEncoderBlock2D[] downBlocks;
    private final UNetMidBlock2D midBlock;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;

    /**
     * @param w weights at {@code encoder}
     * @param config the VAE configuration
     * @param options kernel and upcast of the mid-block attention
     */
    public Encoder(Weights w, VaeConfig config, AttentionOptions options) {
        List<Integer> widths = config.blockOutChannels();
        int groups = config.normNumGroups();
        long last = widths.get(widths.size() - 1);
        inChannels = config.inChannels();
        convIn = new Conv2d(w.at("conv_in"), inChannels, widths.get(0), 3, 1, 1);
        downBlocks = new DownEncoderBlock2D[widths.size()];
        for (int i = 0; i < widths.size(); i++) {
            long in = widths.get(i == 0 ? 0 : i - 1);
            downBlocks[i] = new DownEncoderBlock2D(w.at("down_blocks").at(i), in, widths.get(i),
                    config.layersPerBlock(), i < widths.size() - 1, groups, EPS);
        }
        midBlock = new UNetMidBlock2D(w.at("mid_block"), last, last, groups, EPS, options);
        convNormOut = new GroupNorm(w.at("conv_norm_out"), groups, last, EPS);
        convOut = new Conv2d(w.at("conv_out"), last, 2L * config.latentChannels(), 3, 1, 1);
    }

    /**
     * @param x image [B, in_channels, H, W]
     * @return posterior moments before {@code quant_conv}, [B, 2·latent_channels, H/f, W/f] with f
     *     the downsampling factor (floor at each halving); attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        return new StagedForward(x).then(this::throughMidBlock).then(this::head).result();
    }

    /** Up to and including the mid block: the reference's {@code encoder.mid_block} hook output. */
    NDArray throughMidBlock(NDArray x) {
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != inChannels) {
            throw new IllegalArgumentException("Encoder expects [B, " + inChannels + ", H, W], got " + x.getShape());
        }
        StagedForward f = new StagedForward(x).then(convIn::forward);
        for (DownEncoderBlock2D block : downBlocks) {
            f.then(block::forward);
        }
        return f.then(midBlock::forward).result();
    }

    private NDArray head(NDArray h) {
        return convOut.forward(Activations.silu(convNormOut.forward(h)));
    }
}
