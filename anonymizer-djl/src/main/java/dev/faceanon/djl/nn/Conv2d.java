package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * {@code torch.nn.Conv2d} with square kernel, stride and symmetric zero padding; parameters
 * {@code weight [out,in,k,k]} and, unless built without, {@code bias [out]}.
 */
public final class Conv2d {
    private final NDArray weight;
    private final NDArray bias;
    private final Shape stride;
    private final Shape padding;
    private static final Shape NO_DILATION = new Shape(1, 1);

    /**
     * @param w the weights at this layer's prefix
     * @param in input channels
     * @param out output channels
     * @param kernel kernel size
     * @param stride stride
     * @param padding zero padding on each side
     */
    public Conv2d(Weights w, long in, long out, int kernel, int stride, int padding) {
        this(w, in, out, kernel, stride, padding, true);
    }

    /**
     * @param w the weights at this layer's prefix
     * @param in input channels
     * @param out output channels
     * @param kernel kernel size
     * @param stride stride
     * @param padding zero padding on each side
     * @param bias whether the layer has a {@code bias} parameter ({@code bias=False} in torch)
     */
    public Conv2d(Weights w, long in, long out, int kernel, int stride, int padding, boolean bias) {
        this.weight = w.get("weight", out, in, kernel, kernel);
        this.bias = bias ? w.get("bias", out) : null;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
    }

    /**
     * @param x input [N, in, H, W]
     * @return output [N, out, H', W'], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        return JniUtils.convolution((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias, stride, padding,
                NO_DILATION, 1);
    }
}
