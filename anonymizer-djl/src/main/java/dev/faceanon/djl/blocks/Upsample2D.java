package dev.faceanon.djl.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers' {@code Upsample2D} with a convolution: nearest-neighbour upsampling, then a 3×3
 * {@code conv}. The target size is explicit so that a UNet can match the spatial size of the skip
 * connection when the latent size is not a multiple of the overall down factor (diffusers'
 * {@code upsample_size}); for even sizes it equals ×2.
 */
public final class Upsample2D {
    private static final int NEAREST = 0;
    private final Conv2d conv;

    /**
     * @param w weights at this block's prefix, e.g. {@code up_blocks.0.upsamplers.0}
     * @param channels input and output channels
     */
    public Upsample2D(Weights w, long channels) {
        conv = new Conv2d(w.at("conv"), channels, channels, 3, 1, 1);
    }

    /**
     * @param x input [N, C, H, W]
     * @param height output height
     * @param width output width
     * @return [N, C, height, width]
     */
    public NDArray forward(NDArray x, long height, long width) {
        NDArray up = JniUtils.interpolate((PtNDArray) x, new long[] {height, width}, NEAREST, false);
        return conv.forward(up);
    }

    /**
     * @param x input [N, C, H, W]
     * @return [N, C, 2H, 2W]
     */
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        return forward(x, s.get(2) * 2, s.get(3) * 2);
    }
}
