package dev.faceanon.djl.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.nn.BatchNorm2d;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.Weights;

/**
 * FAN's residual block ({@code ConvBlock} of face-alignment): the multi-scale block of Bulat and
 * Tzimiropoulos. Three bias-free 3×3 convolutions {@code conv1}, {@code conv2}, {@code conv3} to
 * {@code out/2}, {@code out/4} and {@code out/4} channels, each after its batch norm
 * ({@code bn1}…{@code bn3}) and a ReLU, are concatenated and added to the input; when the width
 * changes, the input goes through {@code downsample} first (batch norm {@code downsample.0}, ReLU,
 * bias-free 1×1 convolution {@code downsample.2}).
 */
final class FanConvBlock {
    private final BatchNorm2d bn1;
    private final Conv2d conv1;
    private final BatchNorm2d bn2;
    private final Conv2d conv2;
    private final BatchNorm2d bn3;
    private final Conv2d conv3;
    private final BatchNorm2d downsampleNorm;
    private final Conv2d downsampleConv;

    FanConvBlock(Weights w, long in, long out) {
        long half = out / 2;
        long quarter = out / 4;
        bn1 = new BatchNorm2d(w.at("bn1"), in);
        conv1 = new Conv2d(w.at("conv1"), in, half, 3, 1, 1, false);
        bn2 = new BatchNorm2d(w.at("bn2"), half);
        conv2 = new Conv2d(w.at("conv2"), half, quarter, 3, 1, 1, false);
        bn3 = new BatchNorm2d(w.at("bn3"), quarter);
        conv3 = new Conv2d(w.at("conv3"), quarter, quarter, 3, 1, 1, false);
        if (in != out) {
            downsampleNorm = new BatchNorm2d(w.at("downsample").at(0), in);
            downsampleConv = new Conv2d(w.at("downsample").at(2), in, out, 1, 1, 0, false);
        } else {
            downsampleNorm = null;
            downsampleConv = null;
        }
    }

    /**
     * @param x input [N, in, H, W]; not closed
     * @return output [N, out, H, W]
     */
    NDArray forward(NDArray x) {
        NDArray a = normReluConv(bn1, conv1, x);
        NDArray b = normReluConv(bn2, conv2, a);
        NDArray c = normReluConv(bn3, conv3, b);
        NDArray out = JniUtils.cat(new PtNDArray[] {(PtNDArray) a, (PtNDArray) b, (PtNDArray) c}, 1);
        a.close();
        b.close();
        c.close();
        if (downsampleConv == null) {
            return out.addi(x);
        }
        NDArray skip = normReluConv(downsampleNorm, downsampleConv, x);
        out.addi(skip);
        skip.close();
        return out;
    }

    /** conv(relu(norm(x))), freeing the two temporaries. */
    static NDArray normReluConv(BatchNorm2d norm, Conv2d conv, NDArray x) {
        NDArray normed = norm.forward(x);
        NDArray activated = JniUtils.relu((PtNDArray) normed);
        normed.close();
        NDArray out = conv.forward(activated);
        activated.close();
        return out;
    }
}
