package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.config.UNetConfig;

/** Shape checks on what callers pass to a UNet, so that mistakes fail with a message, not in a kernel. */
final class UNetInputs {

    private UNetInputs() {}

    /**
     * @throws IllegalArgumentException if {@code sample} is not [B, in_channels, H, W] with H, W ≥ 1,
     *     or {@code encoderHiddenStates} is not [B, S, cross_attention_dim] with S ≥ 1
     */
    static void check(UNetConfig config, NDArray sample, NDArray encoderHiddenStates) {
        Shape s = sample.getShape();
        if (s.dimension() != 4 || s.get(1) != config.inChannels() || s.get(0) < 1 || s.get(2) < 1
                || s.get(3) < 1) {
            throw new IllegalArgumentException("sample must be [B, " + config.inChannels() + ", H, W], got " + s);
        }
        Shape e = encoderHiddenStates.getShape();
        if (e.dimension() != 3 || e.get(0) != s.get(0) || e.get(1) < 1 || e.get(2) != config.crossAttentionDim()) {
            throw new IllegalArgumentException("encoder hidden states must be [" + s.get(0) + ", S, "
                    + config.crossAttentionDim() + "], got " + e);
        }
    }
}
