package dev.faceanon.djl.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers' {@code Downsample2D} with a convolution: a 3×3, stride-2 {@code conv}. With padding 1
 * (UNet) the padding is symmetric; with padding 0 (VAE) diffusers pads only right and bottom by
 * one, which shifts the sampling grid by half a pixel compared with symmetric padding.
 */
public final class Downsample2D {
    private final Conv2d conv;
    private final boolean asymmetricPad;

    /**
     * @param w weights at this block's prefix, e.g. {@code down_blocks.0.downsamplers.0}
     * @param channels input and output channels
     * @param padding 1 (UNet, {@code downsample_padding}) or 0 (VAE)
     */
    public Downsample2D(Weights w, long channels, int padding) {
        if (padding != 0 && padding != 1) {
            throw new IllegalArgumentException("Downsample2D padding must be 0 or 1, got " + padding);
        }
        conv = new Conv2d(w.at("conv"), channels, channels, 3, 2, padding);
        asymmetricPad = padding == 0;
    }

    /**
     * @param x input [N, C, H, W]
     * @return [N, C, H', W'] with H' = ⌊(H + 2p − 3)/2⌋ + 1 for symmetric padding p, ⌊H/2⌋ for the VAE
     */
    public NDArray forward(NDArray x) {
        if (asymmetricPad) {
            // torch pad order is (last dim left, right, second-to-last top, bottom).
            x = x.pad(new Shape(0, 1, 0, 1), 0);
        }
        return conv.forward(x);
    }
}
