package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** {@code torch.nn.LayerNorm} over the last axis; parameters {@code weight [dim]}, {@code bias [dim]}. */
public final class LayerNorm {
    private final NDArray weight;
    private final NDArray bias;
    private final Shape normalized;
    private final double eps;

    /**
     * @param w the weights at this layer's prefix
     * @param dim size of the last axis
     * @param eps the epsilon added to the variance (1e-5 in diffusers and CLIP)
     */
    public LayerNorm(Weights w, long dim, double eps) {
        this.weight = w.get("weight", dim);
        this.bias = w.get("bias", dim);
        this.normalized = new Shape(dim);
        this.eps = eps;
    }

    /**
     * @param x input [..., dim]
     * @return the normalised input, attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        return JniUtils.layerNorm((PtNDArray) x, normalized, (PtNDArray) weight, (PtNDArray) bias, eps);
    }
}
