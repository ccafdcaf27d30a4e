package dev.faceanon.djl.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.nn.Weights;

/**
 * One hourglass of FAN ({@code HourGlass} of face-alignment), recursive over its levels: at level
 * {@code n}, the upper branch {@code b1_n} keeps the resolution; the lower branch halves it (2×2
 * average pool), runs {@code b2_n}, the hourglass of level {@code n−1} (or, at level 1, the block
 * {@code b2_plus_1}), then {@code b3_n}, and is brought back by nearest-neighbour ×2 upsampling and
 * added to the upper branch. Every block keeps the width.
 */
final class FanHourGlass {
    private static final Shape POOL = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);
    private static final int NEAREST = 0;

    private final int depth;
    private final FanConvBlock[] upper;
    private final FanConvBlock[] down;
    private final FanConvBlock[] up;
    private final FanConvBlock bottom;

    FanHourGlass(Weights w, int depth, long features) {
        this.depth = depth;
        upper = new FanConvBlock[depth + 1];
        down = new FanConvBlock[depth + 1];
        up = new FanConvBlock[depth + 1];
        // The published module registers its blocks from the outermost level inwards.
        for (int level = depth; level >= 1; level--) {
            upper[level] = new FanConvBlock(w.at("b1_" + level), features, features);
            down[level] = new FanConvBlock(w.at("b2_" + level), features, features);
            up[level] = new FanConvBlock(w.at("b3_" + level), features, features);
        }
        bottom = new FanConvBlock(w.at("b2_plus_1"), features, features);
    }

    /**
     * @param x input [N, features, H, W], H and W divisible by 2^depth; not closed
     * @return output of the same shape
     */
    NDArray forward(NDArray x) {
        return level(depth, x);
    }

    private NDArray level(int level, NDArray x) {
        NDArray result = upper[level].forward(x);
        NDArray pooled = JniUtils.avgPool((PtNDArray) x, POOL, POOL, NO_PADDING, false, true);
        NDArray low = down[level].forward(pooled);
        pooled.close();
        NDArray inner = level > 1 ? level(level - 1, low) : bottom.forward(low);
        low.close();
        NDArray raised = up[level].forward(inner);
        inner.close();
        Shape s = raised.getShape();
        NDArray upsampled = JniUtils.interpolate((PtNDArray) raised, new long[] {2 * s.get(2), 2 * s.get(3)},
                NEAREST, false);
        raised.close();
        result.addi(upsampled);
        upsampled.close();
        return result;
    }
}
