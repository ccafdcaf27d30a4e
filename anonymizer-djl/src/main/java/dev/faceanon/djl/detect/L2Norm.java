package dev.faceanon.djl.detect;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.nn.Weights;

/**
 * S3FD's channel-wise L2 normalisation with a learnt per-channel scale (parameter {@code weight
 * [C]}): {@code x / (‖x‖₂ over channels + 1e-10) · weight}. The epsilon is added to the norm, not
 * under the square root, as in face-alignment.
 */
final class L2Norm {
    private static final float EPS = 1e-10f;
    private final NDArray weight;

    L2Norm(Weights w, long channels) {
        NDArray loaded = w.get("weight", channels);
        weight = loaded == null ? null : loaded.reshape(1, channels, 1, 1);
    }

    NDArray forward(NDArray x) {
        NDArray squared = x.square();
        NDArray sum = squared.sum(new int[] {1}, true);
        squared.close();
        NDArray norm = sum.sqrt().addi(EPS);
        sum.close();
        NDArray scaled = x.div(norm).muli(weight);
        norm.close();
        return scaled;
    }
}
