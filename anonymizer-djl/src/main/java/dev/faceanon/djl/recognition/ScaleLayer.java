package dev.faceanon.djl.recognition;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.nn.Weights;

/**
 * face-api's scale layer ({@code scaleLayer.ts}): a per-channel affine map {@code x · weights + biases}, with
 * parameters {@code weights} and {@code biases} [C]; dlib's affine layer, which stands where batch norm stood in
 * training.
 */
final class ScaleLayer {
    private final NDArray weights;
    private final NDArray biases;

    /**
     * @param w the parameters at the layer's prefix ({@code <conv layer>/scale})
     * @param channels the number of channels
     */
    ScaleLayer(Weights w, long channels) {
        NDArray mul = w.get("weights", channels);
        NDArray add = w.get("biases", channels);
        if (mul == null) {
            // Recording the parameter list: nothing is loaded.
            weights = null;
            biases = null;
            return;
        }
        weights = mul.reshape(1, channels, 1, 1);
        biases = add.reshape(1, channels, 1, 1);
        mul.close();
        add.close();
    }

    /**
     * @param x input [N, C, H, W]; consumed (scaled in place)
     * @return {@code x · weights + biases}, the same array
     */
    NDArray forwardInPlace(NDArray x) {
        return x.muli(weights).addi(biases);
    }
}
