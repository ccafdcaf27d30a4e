package dev.faceanon.djl.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.nn.Weights;

/**
 * face-api's convolution layer ({@code convLayer.ts}): a square convolution with parameters {@code conv/filters}
 * (TensorFlow layout [k, k, in, out]) and {@code conv/bias} [out], then the {@link ScaleLayer} {@code scale},
 * then optionally a ReLU. Padding follows TensorFlow: {@code same} (stride 1, odd kernel: (k − 1) / 2 zeros on each
 * side) or {@code valid} (none).
 *
 * <p>The filters are transposed once at load time to libtorch's [out, in, k, k].
 */
final class ConvLayer {
    private static final Shape NO_DILATION = new Shape(1, 1);

    private final NDArray filters;
    private final NDArray bias;
    private final ScaleLayer scale;
    private final Shape stride;
    private final Shape padding;
    private final boolean relu;

    /**
     * @param w the parameters at the layer's prefix, e.g. {@code conv32_1/conv1}
     * @param in input channels
     * @param out output channels
     * @param kernel kernel side
     * @param down true for stride 2 with {@code valid} padding, false for stride 1 with {@code same} padding
     * @param relu whether a ReLU follows
     */
    ConvLayer(Weights w, long in, long out, int kernel, boolean down, boolean relu) {
        NDArray tfFilters = w.at("conv").get("filters", kernel, kernel, in, out);
        this.bias = w.at("conv").get("bias", out);
        this.scale = new ScaleLayer(w.at("scale"), out);
        this.filters = tfFilters == null ? null : toTorchLayout(tfFilters, kernel, in, out);
        int s = down ? 2 : 1;
        int p = down ? 0 : (kernel - 1) / 2;
        this.stride = new Shape(s, s);
        this.padding = new Shape(p, p);
        this.relu = relu;
    }

    /** [kh, kw, in, out] to a new contiguous [out, in, kh, kw] on the same manager; closes the input. */
    private static NDArray toTorchLayout(NDArray hwio, int k, long in, long out) {
        float[] v = hwio.toFloatArray();
        float[] oihw = new float[v.length];
        int ci = Math.toIntExact(in);
        int co = Math.toIntExact(out);
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                for (int i = 0; i < ci; i++) {
                    for (int o = 0; o < co; o++) {
                        oihw[((o * ci + i) * k + y) * k + x] = v[((y * k + x) * ci + i) * co + o];
                    }
                }
            }
        }
        NDArray result = hwio.getManager().create(oihw, new Shape(out, in, k, k));
        hwio.close();
        return result;
    }

    /**
     * @param x input [N, in, H, W]; not closed
     * @return output [N, out, H', W'], attached to {@code x}'s manager
     */
    NDArray forward(NDArray x) {
        NDArray y = JniUtils.convolution((PtNDArray) x, (PtNDArray) filters, (PtNDArray) bias, stride, padding,
                NO_DILATION, 1);
        scale.forwardInPlace(y);
        if (!relu) {
            return y;
        }
        NDArray activated = JniUtils.relu((PtNDArray) y);
        y.close();
        return activated;
    }
}
