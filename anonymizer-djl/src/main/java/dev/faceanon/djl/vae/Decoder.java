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
 * diffusers 0.25.1 {@code Decoder} (of {@code models/autoencoders/vae.py}) with group norms:
 * {@code conv_in} (3×3) from {@code latent_channels} to the last width, a {@link UNetMidBlock2D},
 * one {@link UpDecoderBlock2D} per width in reversed order with {@code layers_per_block + 1}
 * resnets (all but the last double the resolution), then {@code conv_norm_out}, SiLU and
 * {@code conv_out} (3×3) to {@code out_channels}. Every GroupNorm has {@code norm_num_groups}
 * groups and epsilon 1e-6.
 *
 * <p>diffusers casts the mid-block output to the up blocks' parameter type; here all parameters
 * share one type, so that cast is the identity.
 */
public final class Decoder {
    private final int latentChannels;
    private final Conv2d convIn;
    private final UpDecoderBlock2D[] upBlocks;
    private final UNetMidBlock2D midBlock;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;

    /**
     * @param w weights at {@code decoder}
     * @param config the VAE configuration
     * @param options kernel and upcast of the mid-block attention
     */
    public Decoder(Weights w, VaeConfig config, AttentionOptions options) {
        List<Integer> widths = config.blockOutChannels();
        int groups = config.normNumGroups();
        int blocks = widths.size();
        long last = widths.get(blocks - 1);
        latentChannels = config.latentChannels();
        convIn = new Conv2d(w.at("conv_in"), latentChannels, last, 3, 1, 1);
        // diffusers registers up_blocks before mid_block; this order keeps the parameter list in
        // checkpoint order.
        upBlocks = new UpDecoderBlock2D[blocks];
        for (int i = 0; i < blocks; i++) {
            long in = widths.get(blocks - 1 - Math.max(0, i - 1));
            long out = widths.get(blocks - 1 - i);
            upBlocks[i] = new UpDecoderBlock2D(w.at("up_blocks").at(i), in, out, config.layersPerBlock() + 1,
                    i < blocks - 1, groups, Encoder.EPS);
        }
        midBlock = new UNetMidBlock2D(w.at("mid_block"), last, last, groups, Encoder.EPS, options);
        convNormOut = new GroupNorm(w.at("conv_norm_out"), groups, widths.get(0), Encoder.EPS);
        convOut = new Conv2d(w.at("conv_out"), widths.get(0), config.outChannels(), 3, 1, 1);
    }

    /**
     * @param z latents after {@code post_quant_conv}, [B, latent_channels, h, w]
     * @return image [B, out_channels, h·f, w·f] with f the upsampling factor; attached to
     *     {@code z}'s manager
     */
    public NDArray forward(NDArray z) {
        StagedForward f = new StagedForward(z).then(this::throughMidBlock);
        for (UpDecoderBlock2D block : upBlocks) {
            f.then(block::forward);
        }
        return f.then(this::head).result();
    }

    /** {@code conv_in} and the mid block: the reference's {@code decoder.mid_block} hook output. */
    NDArray throughMidBlock(NDArray z) {
        if (z.getShape().dimension() != 4 || z.getShape().get(1) != latentChannels) {
            throw new IllegalArgumentException(
                    "Decoder expects [B, " + latentChannels + ", h, w], got " + z.getShape());
        }
        return new StagedForward(z).then(convIn::forward).then(midBlock::forward).result();
    }

    private NDArray head(NDArray h) {
        return convOut.forward(Activations.silu(convNormOut.forward(h)));
    }
}
