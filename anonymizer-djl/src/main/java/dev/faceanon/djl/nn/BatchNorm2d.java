package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;

/**
 * {@code torch.nn.BatchNorm2d} in evaluation mode: {@code (x − running_mean) / sqrt(running_var + eps)
 * · weight + bias} per channel, with parameters {@code weight}, {@code bias}, {@code running_mean}
 * and {@code running_var} [C] ({@code num_batches_tracked} only matters for training).
 *
 * <p>The four vectors are folded at load time into one scale and one shift per channel, computed
 * in float32 as libtorch's CPU inference kernel computes them ({@code invstd = 1 / sqrt(var + eps)},
 * {@code scale = invstd · weight}, {@code shift = bias − mean · scale}), so a call is a multiply
 * and an add. The fold is exact up to float32 rounding of those three steps.
 */
public final class BatchNorm2d {
    /** torch's default, which face-alignment keeps. */
    public static final float DEFAULT_EPS = 1e-5f;

    private final NDArray scale;
    private final NDArray shift;

    /**
     * @param w the weights at this layer's prefix
     * @param channels the number of channels
     */
    public BatchNorm2d(Weights w, long channels) {
        NDArray weight = w.get("weight", channels);
        NDArray bias = w.get("bias", channels);
        NDArray mean = w.get("running_mean", channels);
        NDArray var = w.get("running_var", channels);
        if (weight == null) {
            // Recording the parameter list: nothing is loaded.
            scale = null;
            shift = null;
            return;
        }
        NDArray varEps = var.add(DEFAULT_EPS);
        NDArray std = varEps.sqrt();
        NDArray invStd = std.onesLike().divi(std);
        NDArray folded = invStd.mul(weight);
        scale = folded.reshape(1, channels, 1, 1);
        NDArray meanScaled = mean.mul(folded);
        NDArray shifted = bias.sub(meanScaled);
        shift = shifted.reshape(1, channels, 1, 1);
        for (NDArray a : new NDArray[] {varEps, std, invStd, folded, meanScaled, shifted, weight, bias, mean, var}) {
            a.close();
        }
    }

    /**
     * @param x input [N, C, H, W]
     * @return the normalised input, attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        return x.mul(scale).addi(shift);
    }
}
