package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** {@code torch.nn.Linear}: {@code y = x·Wᵀ + b} over the last axis; parameters {@code weight [out,in]}, {@code bias [out]}. */
public final class Linear {
    private final NDArray weight;
    private final NDArray bias;

    /**
     * @param w the weights at this layer's prefix (e.g. {@code ...attn1.to_q})
     * @param in input features
     * @param out output features
     * @param withBias whether the layer has a {@code bias}
     */
    public Linear(Weights w, long in, long out, boolean withBias) {
        this.weight = w.get("weight", out, in);
        this.bias = withBias ? w.get("bias", out) : null;
    }

    /**
     * @param x input [..., in]
     * @return output [..., out], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
    }
}
