package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.blocks.Downsample2D;
import dev.faceanon.djl.blocks.ResnetBlock2D;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.Weights;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * diffusers' {@code CrossAttnDownBlock2D}: {@code resnets.i} each followed by
 * {@code attentions.i}, then optionally {@code downsamplers.0}.
 */
public final class CrossAttnDownBlock2D implements DownBlock {
    private final List<ResnetBlock2D> resnets = new ArrayList<>();
    private final List<Transformer2DModel> attentions = new ArrayList<>();
    private final Downsample2D downsampler;

    /**
     * @param w weights at this block's prefix, e.g. {@code down_blocks.0}
     * @param in input channels
     * @param out output channels
     * @param tembChannels time-embedding width
     * @param layers number of resnet + transformer pairs
     * @param heads attention heads of the transformers
     * @param crossAttentionDim width of the encoder hidden states
     * @param groups group-norm groups (resnets and transformers)
     * @param eps resnet group-norm epsilon
     * @param addDownsample whether a downsampler follows
     * @param downsamplePadding the downsampler's padding
     * @param options attention kernel and upcasting
     */
    public CrossAttnDownBlock2D(Weights w, long in, long out, long tembChannels, int layers, int heads,
            long crossAttentionDim, int groups, double eps, boolean addDownsample, int downsamplePadding,
            AttentionOptions options) {
        for (int i = 0; i < layers; i++) {
            resnets.add(new ResnetBlock2D(w.at("resnets").at(i), i == 0 ? in : out, out, tembChannels, groups, eps));
            attentions.add(new Transformer2DModel(w.at("attentions").at(i), out, heads, crossAttentionDim, groups,
                    options, BlockExtent.WHOLE));
        }
        downsampler = addDownsample ? new Downsample2D(w.at("downsamplers").at(0), out, downsamplePadding) : null;
    }

    @Override
    public NDArray forward(NDArray x, NDArray temb, NDArray encoderHiddenStates, ReferenceAttention reference,
            Deque<NDArray> skips) {
        NDArray h = x;
        for (int i = 0; i < resnets.size(); i++) {
            ResnetBlock2D resnet = resnets.get(i);
            NDArray in = h;
            h = ForwardScope.layer(() -> resnet.forward(in, temb));
            h = attentions.get(i).forward(h, encoderHiddenStates, reference);
            skips.push(h);
        }
        return SkipConnections.downsample(downsampler, h, skips);
    }

    @Override
    public List<Transformer2DModel> attentions() {
        return Collections.unmodifiableList(attentions);
    }
}
