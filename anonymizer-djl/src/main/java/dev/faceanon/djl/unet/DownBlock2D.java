package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.blocks.Downsample2D;
import dev.faceanon.djl.blocks.ResnetBlock2D;
import dev.faceanon.djl.nn.Weights;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** diffusers' {@code DownBlock2D}: {@code resnets.0..n-1}, then optionally {@code downsamplers.0}. */
public final class DownBlock2D implements DownBlock {
    private final List<ResnetBlock2D> resnets = new ArrayList<>();
    private final Downsample2D downsampler;

    /**
     * @param w weights at this block's prefix, e.g. {@code down_blocks.3}
     * @param in input channels
     * @param out output channels
     * @param tembChannels time-embedding width
     * @param layers number of resnets
     * @param groups group-norm groups
     * @param eps resnet group-norm epsilon
     * @param addDownsample whether a downsampler follows (all but the last down block)
     * @param downsamplePadding the downsampler's padding
     */
    public DownBlock2D(Weights w, long in, long out, long tembChannels, int layers, int groups, double eps,
            boolean addDownsample, int downsamplePadding) {
        for (int i = 0; i < layers; i++) {
            resnets.add(new ResnetBlock2D(w.at("resnets").at(i), i == 0 ? in : out, out, tembChannels, groups, eps));
        }
        downsampler = addDownsample ? new Downsample2D(w.at("downsamplers").at(0), out, downsamplePadding) : null;
    }

    @Override
    public NDArray forward(NDArray x, NDArray temb, NDArray encoderHiddenStates, ReferenceAttention reference,
            Deque<NDArray> skips) {
        NDArray h = x;
        for (ResnetBlock2D resnet : resnets) {
            NDArray in = h;
            h = ForwardScope.layer(() -> resnet.forward(in, temb));
            skips.push(h);
        }
        return SkipConnections.downsample(downsampler, h, skips);
    }

    @Override
    public List<Transformer2DModel> attentions() {
        return List.of();
    }
}
