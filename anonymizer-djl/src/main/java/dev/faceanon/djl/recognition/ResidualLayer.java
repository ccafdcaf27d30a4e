package dev.faceanon.djl.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.nn.Weights;

/**
 * face-api's residual block ({@code residual} in {@code residualLayer.ts}): {@code relu(x + conv2(conv1(x)))}, where
 * {@code conv1} is a 3×3 {@link ConvLayer} with ReLU and {@code conv2} one without, both of stride 1 and the input's
 * width.
 */
final class ResidualLayer {
    private final ConvLayer conv1;
    private final ConvLayer conv2;

    /**
     * @param w the parameters at the block's prefix, e.g. {@code conv64_2}
     * @param channels the width
     */
    ResidualLayer(Weights w, long channels) {
        conv1 = new ConvLayer(w.at("conv1"), channels, channels, 3, false, true);
        conv2 = new ConvLayer(w.at("conv2"), channels, channels, 3, false, false);
    }

    /**
     * @param x input [N, C, H, W]; not closed
     * @return output [N, C, H, W]
     */
    NDArray forward(NDArray x) {
        NDArray a = conv1.forward(x);
        NDArray b = conv2.forward(a);
        a.close();
        b.addi(x);
        NDArray out = JniUtils.relu((PtNDArray) b);
        b.close();
        return out;
    }
}
