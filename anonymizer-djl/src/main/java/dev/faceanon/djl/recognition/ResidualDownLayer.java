package dev.faceanon.djl.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.nn.Weights;

/**
 * face-api's downsampling residual block ({@code residualDown} in {@code residualLayer.ts}): the main path is a 3×3
 * stride-2 {@link ConvLayer} {@code conv1} without padding (with ReLU) and a 3×3 {@code conv2} of stride 1 (without);
 * the shortcut is a 2×2 stride-2 average pool of the input, whose extra channels, when the block widens, are zeros.
 * When the two paths differ in height or width (an odd input side), the main path gets one row of zeros at the
 * bottom and one column at the right, as face-api concatenates them; when they differ in width, the shortcut gets as
 * many zero channels as it has. Output: {@code relu(shortcut + main)}.
 */
final class ResidualDownLayer {
    private static final Shape POOL = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private final ConvLayer conv1;
    private final ConvLayer conv2;

    /**
     * @param w the parameters at the block's prefix, e.g. {@code conv128_down}
     * @param in input channels
     * @param out output channels, {@code in} or twice {@code in}
     */
    ResidualDownLayer(Weights w, long in, long out) {
        conv1 = new ConvLayer(w.at("conv1"), in, out, 3, true, true);
        conv2 = new ConvLayer(w.at("conv2"), out, out, 3, false, false);
    }

    /**
     * @param x input [N, in, H, W]; not closed
     * @return output [N, out, ⌊H/2⌋, ⌊W/2⌋]
     * @throws IllegalStateException if the paths cannot be matched as face-api matches them
     */
    NDArray forward(NDArray x) {
        NDArray a = conv1.forward(x);
        NDArray main = conv2.forward(a);
        a.close();
        NDArray pooled = JniUtils.avgPool((PtNDArray) x, POOL, POOL, NO_PADDING, false, true);
        Shape m = main.getShape();
        Shape p = pooled.getShape();
        if (p.get(2) != m.get(2) || p.get(3) != m.get(3)) {
            NDArray padded = JniUtils.pad((PtNDArray) main, new long[] {0, 1, 0, 1}, 0);
            main.close();
            main = padded;
        }
        if (p.get(1) != m.get(1)) {
            NDArray widened = JniUtils.pad((PtNDArray) pooled, new long[] {0, 0, 0, 0, 0, p.get(1)}, 0);
            pooled.close();
            pooled = widened;
        }
        if (!pooled.getShape().equals(main.getShape())) {
            Shape mainShape = main.getShape();
            Shape shortcutShape = pooled.getShape();
            main.close();
            pooled.close();
            throw new IllegalStateException("shortcut " + shortcutShape + " and main path " + mainShape
                    + " cannot be added");
        }
        NDArray sum = pooled.addi(main);
        main.close();
        NDArray result = JniUtils.relu((PtNDArray) sum);
        sum.close();
        return result;
    }
}
