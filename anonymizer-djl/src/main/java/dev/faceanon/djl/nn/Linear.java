package dev.faceanon.djl.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * {@code torch.nn.Linear}: {@code y = x·Wᵀ + b} over the last axis; parameters {@code weight [out,in]},
 * {@code bias [out]}.
 *
 * <p><b>On the CPU in float32</b> the product runs as a 1×1 convolution: the rows of {@code x} are
 * the pixels of a one-pixel-wide image whose channels are the features, which is a channels-last
 * view of {@code x} itself (no copy), and oneDNN's convolution writes its output channels-last too,
 * which is {@code y} (no copy either). libtorch's linear layer calls the BLAS matrix product
 * instead, which on the development machine (AMD EPYC) ran the UNet's and CLIP's projections at
 * 80-110 GFLOP/s against 150-220 GFLOP/s for the same products as oneDNN convolutions
 * (docs/performance.md); the result differs only by summation order. Fewer than
 * {@value #MIN_CONVOLUTION_ROWS} rows (the time embedding) stay with the matrix product, where the
 * convolution's set-up costs more than it saves; other devices and types use libtorch's linear
 * layer (cuBLAS on CUDA).
 */
public final class Linear {
    /** Fewest rows for which the product runs as a convolution (measured: 128 rows gain, 2 lose). */
    static final long MIN_CONVOLUTION_ROWS = 128;

    private static final Shape ONES = new Shape(1, 1);
    private static final Shape ZEROS = new Shape(0, 0);

    private final NDArray weight;
    private final NDArray kernel;
    private final NDArray bias;

    /**
     * @param w the weights at this layer's prefix (e.g. {@code ...attn1.to_q})
     * @param in input features
     * @param out output features
     * @param withBias whether the layer has a {@code bias}
     */
    public Linear(Weights w, long in, long out, boolean withBias) {
        this(w.get("weight", out, in), withBias ? w.get("bias", out) : null);
    }

    /**
     * @param weight [out, in]
     * @param bias [out], or null
     */
    Linear(NDArray weight, NDArray bias) {
        this.weight = weight;
        this.bias = bias;
        // A view of the weight, owned with it.
        this.kernel = weight == null ? null : weight.reshape(weight.getShape().get(0), weight.getShape().get(1), 1, 1);
    }

    /**
     * A layer over parameters fetched by other means (e.g. under legacy names).
     *
     * @param weight [out, in]
     * @param bias [out], or null
     * @return the layer
     */
    public static Linear of(NDArray weight, NDArray bias) {
        return new Linear(weight, bias);
    }

    /**
     * @param x input [..., in], any strides
     * @return output [..., out], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        long in = s.get(s.dimension() - 1);
        long rows = in == 0 ? 0 : s.size() / in;
        if (rows < MIN_CONVOLUTION_ROWS || x.getDataType() != DataType.FLOAT32
                || !Device.Type.CPU.equals(x.getDevice().getDeviceType())) {
            return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
        }
        long out = weight.getShape().get(0);
        NDArray rowsView = x.reshape(1, rows, 1, in);
        NDArray pixels = rowsView.transpose(0, 3, 1, 2);
        rowsView.close();
        NDArray image = JniUtils.convolution((PtNDArray) pixels, (PtNDArray) kernel, (PtNDArray) bias, ONES, ZEROS,
                ONES, 1);
        pixels.close();
        NDArray channelsLast = image.transpose(0, 2, 3, 1);
        image.close();
        // A copy: Shape.getShape() is the input's own cached array.
        long[] dims = s.getShape().clone();
        dims[dims.length - 1] = out;
        NDArray y = channelsLast.reshape(new Shape(dims));
        channelsLast.close();
        return y;
    }
}
