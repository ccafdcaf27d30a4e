package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Optional;

/**
 * {@code torch.nn.Conv2d} with square kernel, stride and symmetric zero padding; parameters
 * {@code weight [out,in,k,k]} and, unless built without, {@code bias [out]}.
 *
 * <p>Wide float32 filters on the CPU (at least 640·1280 channels: the UNets' lowest levels) are
 * reordered into oneDNN's layout when the layer is built and the dense copy freed
 * ({@link PrepackedConvolution}: the same kernel and numbers, without a reorder per call); other
 * filters, devices and types, and {@code -Dfaceanon.convolution=dense}, keep the dense filter.
 * The output of a prepacked convolution must not be updated in place.
 */
public final class Conv2d {
    /**
     * System property choosing how CPU float32 filters are held: {@code prepacked} (the default: wide filters packed),
     * {@code all} (every filter packed) or {@code dense}.
     */
    public static final String PROPERTY = PrepackedConvolution.PROPERTY;

    private static final Shape NO_DILATION = new Shape(1, 1);

    private final NDArray weight;
    private final NDArray bias;
    private final int strideValue;
    private final int paddingValue;
    private final Shape stride;
    private final Shape padding;
    private final PrepackedConvolution prepacked;
    private final NDArray packedWeight;
    private final NDArray packedBias;

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
        NDArray dense = w.get("weight", out, in, kernel, kernel);
        this.bias = bias ? w.get("bias", out) : null;
        this.strideValue = stride;
        this.paddingValue = padding;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
        Optional<PrepackedConvolution> op = PrepackedConvolution.worthPacking(in, out)
                ? PrepackedConvolution.forFilter(dense) : Optional.empty();
        if (op.isPresent()) {
            this.prepacked = op.get();
            this.packedWeight = prepacked.pack(dense, stride, padding);
            // The module takes a bias tensor; adding zeros changes no value.
            this.packedBias = this.bias != null ? this.bias : dense.getManager().zeros(new Shape(out));
            dense.close();
            this.weight = null;
        } else {
            this.prepacked = null;
            this.packedWeight = null;
            this.packedBias = null;
            this.weight = dense;
        }
    }

    /** @return whether the filter was packed into oneDNN's layout */
    boolean prepacked() {
        return prepacked != null;
    }

    /**
     * @param x input [N, in, H, W]
     * @return output [N, out, H', W'], attached to {@code x}'s manager; not to be updated in place
     */
    public NDArray forward(NDArray x) {
        if (prepacked != null) {
            return prepacked.convolve(x, packedWeight, packedBias, strideValue, paddingValue);
        }
        return JniUtils.convolution((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias, stride, padding,
                NO_DILATION, 1);
    }
}
