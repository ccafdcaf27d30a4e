package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code torch.nn.GroupNorm} (affine), which DJL lacks. Composed as one layer-norm kernel over the
 * input viewed as [N, groups, C/groups·H·W] — the same statistics as group norm (biased variance,
 * eps inside the square root) — followed by the per-channel affine. The layer-norm kernel needs a
 * unit scale and zero shift of the normalised size; those are cached per size and type, because the
 * spatial size only becomes known at run time.
 */
public final class GroupNorm {
    private final int groups;
    private final long channels;
    private final double eps;
    private final NDArray scale;
    private final NDArray shift;
    private final Map<String, NDArray[]> identityAffine = new ConcurrentHashMap<>();

    /**
     * @param w the weights at this layer's prefix
     * @param groups number of groups; must divide {@code channels}
     * @param channels number of channels
     * @param eps epsilon (1e-5 for resnets, 1e-6 for Transformer2D and the VAE)
     */
    public GroupNorm(Weights w, int groups, long channels, double eps) {
        if (groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException(
                    "GroupNorm at " + w.prefix() + ": " + groups + " groups do not divide " + channels + " channels");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        NDArray weight = w.get("weight", channels);
        NDArray bias = w.get("bias", channels);
        this.scale = weight == null ? null : weight.reshape(1, channels, 1, 1);
        this.shift = bias == null ? null : bias.reshape(1, channels, 1, 1);
    }

    /**
     * @param x input [N, C, H, W]
     * @return the normalised input, attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        Shape shape = x.getShape();
        if (shape.dimension() != 4 || shape.get(1) != channels) {
            throw new IllegalArgumentException("GroupNorm expects [N, " + channels + ", H, W], got " + shape);
        }
        long n = shape.get(0);
        long perGroup = shape.size() / (n * groups);
        NDArray[] unit = identityAffine(perGroup, x.getDataType());
        NDArray grouped = x.reshape(n, groups, perGroup);
        NDArray normed = JniUtils.layerNorm((PtNDArray) grouped, new Shape(perGroup), (PtNDArray) unit[0],
                (PtNDArray) unit[1], eps);
        grouped.close();
        // Views share storage: closing a view's handle frees nothing the result still needs.
        NDArray view = normed.reshape(shape);
        normed.close();
        NDArray out = view.mul(scale);
        view.close();
        return out.addi(shift);
    }

    private NDArray[] identityAffine(long size, DataType type) {
        return identityAffine.computeIfAbsent(size + ":" + type, k -> {
            // Owned by the model's manager and kept out of any caller's NDScope.
            NDArray ones = scale.getManager().ones(new Shape(size), type);
            NDArray zeros = scale.getManager().zeros(new Shape(size), type);
            NDScope.unregister(ones, zeros);
            return new NDArray[] {ones, zeros};
        });
    }
}
