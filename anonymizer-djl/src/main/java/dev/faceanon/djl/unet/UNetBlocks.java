package dev.faceanon.djl.unet;

import dev.faceanon.djl.blocks.TimestepEmbedding;
import dev.faceanon.djl.config.UNetBlockType;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.GroupNorm;
import dev.faceanon.djl.nn.Weights;
import dev.faceanon.model.ModelConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds the down, mid and up blocks of a UNet from its configuration, with diffusers 0.25.1's
 * channel bookkeeping ({@code UNet2DConditionModel.__init__}): down block {@code i} maps
 * {@code block_out_channels[i-1]} (or {@code [0]}) to {@code [i]}; up block {@code i} outputs
 * {@code reversed[i]}, follows a block of width {@code reversed[i-1]} (or {@code reversed[0]}) and
 * mirrors skips of width {@code reversed[min(i+1, n-1)]}; every block but the last down block
 * downsamples and every block but the last up block upsamples.
 */
final class UNetBlocks {
    private final UNetConfig config;
    private final AttentionOptions options;
    private final List<Integer> reversedChannels;
    private final List<Integer> reversedLayers;

    UNetBlocks(UNetConfig config, AttentionOptions options) {
        if (config.midBlockScaleFactor() != 1.0) {
            throw new ModelConfigException(config.source(), "mid_block_scale_factor",
                    "only 1 is supported (as in SD-2.1), found " + config.midBlockScaleFactor());
        }
        this.config = config;
        this.options = options;
        List<Integer> channels = new ArrayList<>(config.blockOutChannels());
        Collections.reverse(channels);
        reversedChannels = List.copyOf(channels);
        List<Integer> layers = new ArrayList<>(config.layersPerBlock());
        Collections.reverse(layers);
        reversedLayers = List.copyOf(layers);
    }

    int count() {
        return config.numBlocks();
    }

    /** @param downBlocks weights at {@code down_blocks} */
    DownBlock down(Weights downBlocks, int i) {
        Weights w = downBlocks.at(i);
        int in = config.blockOutChannels().get(Math.max(0, i - 1));
        int out = config.blockOutChannels().get(i);
        boolean downsample = i < count() - 1;
        if (config.downBlockTypes().get(i) == UNetBlockType.CROSS_ATTN_DOWN_BLOCK_2D) {
            return new CrossAttnDownBlock2D(w, in, out, temb(), config.layersPerBlock().get(i),
                    config.numAttentionHeads().get(i), config.crossAttentionDim(), config.normNumGroups(),
                    config.normEps(), downsample, config.downsamplePadding(), options);
        }
        return new DownBlock2D(w, in, out, temb(), config.layersPerBlock().get(i), config.normNumGroups(),
                config.normEps(), downsample, config.downsamplePadding());
    }

    /** @param w weights at {@code mid_block} */
    UNetMidBlock2DCrossAttn mid(Weights w, BlockExtent extent) {
        return new UNetMidBlock2DCrossAttn(w, reversedChannels.get(0), temb(), config.midBlockNumAttentionHeads(),
                config.crossAttentionDim(), config.normNumGroups(), config.normEps(), options, extent);
    }

    /**
     * @param upBlocks weights at {@code up_blocks}
     * @param extent applies to a block with attention
     */
    UpBlock up(Weights upBlocks, int i, BlockExtent extent) {
        Weights w = upBlocks.at(i);
        int out = reversedChannels.get(i);
        int prevOut = reversedChannels.get(Math.max(0, i - 1));
        int in = reversedChannels.get(Math.min(i + 1, count() - 1));
        int layers = reversedLayers.get(i) + 1;
        boolean upsample = i < count() - 1;
        if (config.upBlockTypes().get(i) == UNetBlockType.CROSS_ATTN_UP_BLOCK_2D) {
            return new CrossAttnUpBlock2D(w, in, prevOut, out, temb(), layers,
                    config.upBlockNumAttentionHeads().get(i), config.crossAttentionDim(), config.normNumGroups(),
                    config.normEps(), upsample, options, extent);
        }
        return new UpBlock2D(w, in, prevOut, out, temb(), layers, config.normNumGroups(), config.normEps(), upsample);
    }

    /** @param root the model's root weights */
    Conv2d convIn(Weights root) {
        int k = config.convInKernel();
        return new Conv2d(root.at("conv_in"), config.inChannels(), config.blockOutChannels().get(0), k, 1, (k - 1) / 2);
    }

    /** @param root the model's root weights */
    TimestepEmbedding timeEmbedding(Weights root) {
        int c0 = config.blockOutChannels().get(0);
        return new TimestepEmbedding(root.at("time_embedding"), c0, temb(), config.flipSinToCos(),
                config.freqShift());
    }

    /** @param root the model's (or its unused view's) root weights */
    GroupNorm convNormOut(Weights root) {
        return new GroupNorm(root.at("conv_norm_out"), config.normNumGroups(), config.blockOutChannels().get(0),
                config.normEps());
    }

    /** @param root the model's (or its unused view's) root weights */
    Conv2d convOut(Weights root) {
        int k = config.convOutKernel();
        return new Conv2d(root.at("conv_out"), config.blockOutChannels().get(0), config.outChannels(), k, 1,
                (k - 1) / 2);
    }

    private long temb() {
        return config.timeEmbeddingDim();
    }
}
