package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import java.util.Deque;
import java.util.List;

/** A UNet down block: resnets (with or without transformers) and an optional downsampler. */
public interface DownBlock {

    /**
     * @param x [B, in, H, W]
     * @param temb time embedding [B, tembChannels]
     * @param encoderHiddenStates [B, S, crossAttentionDim] (unused by blocks without attention)
     * @param reference the pass's reference mechanism
     * @param skips the skip-connection stack; every resnet (or transformer) output and the
     *     downsampler output are pushed onto it, in that order
     * @return the block output [B, out, H', W']
     */
    NDArray forward(NDArray x, NDArray temb, NDArray encoderHiddenStates, ReferenceAttention reference,
            Deque<NDArray> skips);

    /** @return the block's transformers, in order (empty for a block without attention) */
    List<Transformer2DModel> attentions();
}
