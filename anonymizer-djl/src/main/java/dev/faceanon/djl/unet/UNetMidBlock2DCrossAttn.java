package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.blocks.ResnetBlock2D;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.Weights;
import java.util.List;

/**
 * diffusers' {@code UNetMidBlock2DCrossAttn} with one layer: {@code resnets.0},
 * {@code attentions.0}, {@code resnets.1}, at constant width.
 */
public final class UNetMidBlock2DCrossAttn {
    private final ResnetBlock2D resnet0;
    private final Transformer2DModel attention;
    private final ResnetBlock2D resnet1;
    private final BlockExtent extent;

    /**
     * @param w weights at {@code mid_block}
     * @param channels width
     * @param tembChannels time-embedding width
     * @param heads attention heads
     * @param crossAttentionDim width of the encoder hidden states
     * @param groups group-norm groups
     * @param eps resnet group-norm epsilon
     * @param options attention kernel and upcasting
     * @param extent {@link BlockExtent#UNTIL_REFERENCE_STATE} when a ReferenceNet's last needed state
     *     is this block's
     */
    public UNetMidBlock2DCrossAttn(Weights w, long channels, long tembChannels, int heads, long crossAttentionDim,
            int groups, double eps, AttentionOptions options, BlockExtent extent) {
        this.extent = extent;
        Weights tail = extent == BlockExtent.WHOLE ? w : w.unused();
        resnet0 = new ResnetBlock2D(w.at("resnets").at(0), channels, channels, tembChannels, groups, eps);
        attention = new Transformer2DModel(w.at("attentions").at(0), channels, heads, crossAttentionDim, groups,
                options, extent);
        resnet1 = new ResnetBlock2D(tail.at("resnets").at(1), channels, channels, tembChannels, groups, eps);
    }

    /**
     * @param x [B, C, H, W]
     * @param temb time embedding
     * @param encoderHiddenStates [B, S, crossAttentionDim]
     * @param reference the pass's reference mechanism
     * @return [B, C, H, W]
     */
    public NDArray forward(NDArray x, NDArray temb, NDArray encoderHiddenStates, ReferenceAttention reference) {
        if (extent != BlockExtent.WHOLE) {
            throw new IllegalStateException("this mid block was built only up to its reference state");
        }
        NDArray h = ForwardScope.layer(() -> resnet0.forward(x, temb));
        NDArray attended = attention.forward(h, encoderHiddenStates, reference);
        return ForwardScope.layer(() -> resnet1.forward(attended, temb));
    }

    /**
     * @param x [B, C, H, W]
     * @param temb time embedding
     * @return the reference state of {@code attentions.0}, [B, H·W, C]
     */
    public NDArray referenceState(NDArray x, NDArray temb) {
        return attention.referenceState(resnet0.forward(x, temb));
    }

    /** @return the block's one transformer */
    public List<Transformer2DModel> attentions() {
        return List.of(attention);
    }
}
