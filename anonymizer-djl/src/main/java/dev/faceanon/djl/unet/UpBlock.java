package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import java.util.Deque;
import java.util.List;

/**
 * A UNet up block: resnets over the hidden states concatenated with skip connections (with or
 * without transformers) and an optional upsampler.
 */
public interface UpBlock {

    /**
     * @param x [B, prevOut, H, W]
     * @param skips the skip-connection stack: one skip is popped per resnet; the upsampler then
     *     scales to the spatial size of the next skip left on the stack, which is what diffusers does
     *     for latents that are not a multiple of the overall down factor, and ×2 otherwise
     * @param temb time embedding [B, tembChannels]
     * @param encoderHiddenStates [B, S, crossAttentionDim] (unused by blocks without attention)
     * @param reference the pass's reference mechanism
     * @return the block output
     */
    NDArray forward(NDArray x, Deque<NDArray> skips, NDArray temb, NDArray encoderHiddenStates,
            ReferenceAttention reference);

    /** @return the block's transformers, in order (empty for a block without attention) */
    List<Transformer2DModel> attentions();
}
