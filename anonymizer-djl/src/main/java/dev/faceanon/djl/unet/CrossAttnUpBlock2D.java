package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.blocks.ResnetBlock2D;
import dev.faceanon.djl.blocks.Upsample2D;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.Weights;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * diffusers' {@code CrossAttnUpBlock2D}: {@code resnets.i} over the hidden states concatenated with
 * the next skip connection, each followed by {@code attentions.i}, then optionally
 * {@code upsamplers.0}. Channel bookkeeping as {@link UpBlock2D}.
 */
public final class CrossAttnUpBlock2D implements UpBlock {
    private final List<ResnetBlock2D> resnets = new ArrayList<>();
    private final List<Transformer2DModel> attentions = new ArrayList<>();
    private final Upsample2D upsampler;
    private final BlockExtent extent;
    private final String name;

    /**
     * @param w weights at this block's prefix, e.g. {@code up_blocks.1}
     * @param in width of the down block mirrored one level further in (diffusers' {@code in_channels})
     * @param prevOut width of the preceding up block
     * @param out output width
     * @param tembChannels time-embedding width
     * @param layers number of resnet + transformer pairs ({@code layers_per_block + 1})
     * @param heads attention heads
     * @param crossAttentionDim width of the encoder hidden states
     * @param groups group-norm groups
     * @param eps resnet group-norm epsilon
     * @param addUpsample whether an upsampler follows
     * @param options attention kernel and upcasting
     * @param extent {@link BlockExtent#UNTIL_REFERENCE_STATE} when a ReferenceNet's last needed state
     *     is this block's
     */
    public CrossAttnUpBlock2D(Weights w, long in, long prevOut, long out, long tembChannels, int layers, int heads,
            long crossAttentionDim, int groups, double eps, boolean addUpsample, AttentionOptions options,
            BlockExtent extent) {
        this.name = w.prefix();
        this.extent = extent;
        Weights tail = extent == BlockExtent.WHOLE ? w : w.unused();
        for (int i = 0; i < layers; i++) {
            long skip = i == layers - 1 ? in : out;
            long resnetIn = i == 0 ? prevOut : out;
            Weights layer = i == 0 ? w : tail;
            resnets.add(new ResnetBlock2D(layer.at("resnets").at(i), resnetIn + skip, out, tembChannels, groups,
                    eps));
            attentions.add(new Transformer2DModel(layer.at("attentions").at(i), out, heads, crossAttentionDim,
                    groups, options, i == 0 ? extent : BlockExtent.WHOLE));
        }
        upsampler = addUpsample ? new Upsample2D(tail.at("upsamplers").at(0), out) : null;
    }

    @Override
    public NDArray forward(NDArray x, Deque<NDArray> skips, NDArray temb, NDArray encoderHiddenStates,
            ReferenceAttention reference) {
        if (extent != BlockExtent.WHOLE) {
            throw new IllegalStateException(name + " was built only up to its reference state");
        }
        NDArray h = x;
        for (int i = 0; i < resnets.size(); i++) {
            h = SkipConnections.resnetOverNext(resnets.get(i), h, skips, temb, name);
            h = attentions.get(i).forward(h, encoderHiddenStates, reference);
        }
        return upsampler == null ? h : SkipConnections.upsampleToNext(upsampler, h, skips, name);
    }

    /**
     * Runs {@code resnets.0} over the hidden states and the next skip, then {@code attentions.0} up
     * to its reference state.
     *
     * @param x [B, prevOut, H, W]
     * @param skips the skip-connection stack (one skip is popped)
     * @param temb time embedding
     * @return the reference state of {@code attentions.0}, [B, H·W, out]
     */
    public NDArray referenceState(NDArray x, Deque<NDArray> skips, NDArray temb) {
        return attentions.get(0).referenceState(resnets.get(0).forward(SkipConnections.concatNext(x, skips, name),
                temb));
    }

    @Override
    public List<Transformer2DModel> attentions() {
        return Collections.unmodifiableList(attentions);
    }
}
