package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.blocks.ResnetBlock2D;
import dev.faceanon.djl.blocks.Upsample2D;
import dev.faceanon.djl.nn.Weights;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * diffusers' {@code UpBlock2D}: {@code resnets.0..n-1}, each over the hidden states concatenated
 * with the next skip connection, then optionally {@code upsamplers.0}.
 */
public final class UpBlock2D implements UpBlock {
    private final List<ResnetBlock2D> resnets = new ArrayList<>();
    private final Upsample2D upsampler;
    private final String name;

    /**
     * Channel bookkeeping as diffusers': resnet {@code i} takes {@code (i == 0 ? prevOut : out)}
     * channels plus a skip of {@code (i == layers-1 ? in : out)} channels.
     *
     * @param w weights at this block's prefix, e.g. {@code up_blocks.0}
     * @param in width of the down block mirrored one level further in (diffusers' {@code in_channels})
     * @param prevOut width of the preceding up block (or the mid block)
     * @param out output width
     * @param tembChannels time-embedding width
     * @param layers number of resnets ({@code layers_per_block + 1})
     * @param groups group-norm groups
     * @param eps resnet group-norm epsilon
     * @param addUpsample whether an upsampler follows (all but the last up block)
     */
    public UpBlock2D(Weights w, long in, long prevOut, long out, long tembChannels, int layers, int groups,
            double eps, boolean addUpsample) {
        this.name = w.prefix();
        for (int i = 0; i < layers; i++) {
            long skip = i == layers - 1 ? in : out;
            long resnetIn = i == 0 ? prevOut : out;
            resnets.add(new ResnetBlock2D(w.at("resnets").at(i), resnetIn + skip, out, tembChannels, groups, eps));
        }
        upsampler = addUpsample ? new Upsample2D(w.at("upsamplers").at(0), out) : null;
    }

    @Override
    public NDArray forward(NDArray x, Deque<NDArray> skips, NDArray temb, NDArray encoderHiddenStates,
            ReferenceAttention reference) {
        NDArray h = x;
        for (ResnetBlock2D resnet : resnets) {
            h = SkipConnections.resnetOverNext(resnet, h, skips, temb, name);
        }
        return upsampler == null ? h : SkipConnections.upsampleToNext(upsampler, h, skips, name);
    }

    @Override
    public List<Transformer2DModel> attentions() {
        return List.of();
    }
}
