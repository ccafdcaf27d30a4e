package dev.faceanon.djl.blocks;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.nn.Activations;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.GroupNorm;
import dev.faceanon.djl.nn.Linear;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers' {@code ResnetBlock2D} with the "default" time-embedding shift, output scale 1 and
 * SiLU: {@code skip(x) + conv2(silu(norm2(conv1(silu(norm1(x))) + proj(silu(temb)))))}. The skip
 * is a 1×1 {@code conv_shortcut} when the channel count changes. The VAE uses it without a time
 * embedding.
 */
public final class ResnetBlock2D {
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear timeEmbProj;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d convShortcut;

    /**
     * @param w weights at this block's prefix, e.g. {@code down_blocks.0.resnets.1}
     * @param in input channels
     * @param out output channels
     * @param tembChannels time-embedding width, or 0 for none (VAE)
     * @param groups GroupNorm groups
     * @param eps GroupNorm epsilon (UNet: {@code norm_eps}; VAE: 1e-6)
     */
    public ResnetBlock2D(Weights w, long in, long out, long tembChannels, int groups, double eps) {
        norm1 = new GroupNorm(w.at("norm1"), groups, in, eps);
        conv1 = new Conv2d(w.at("conv1"), in, out, 3, 1, 1);
        timeEmbProj = tembChannels > 0 ? new Linear(w.at("time_emb_proj"), tembChannels, out, true) : null;
        norm2 = new GroupNorm(w.at("norm2"), groups, out, eps);
        conv2 = new Conv2d(w.at("conv2"), out, out, 3, 1, 1);
        convShortcut = in != out ? new Conv2d(w.at("conv_shortcut"), in, out, 1, 1, 0) : null;
    }

    /**
     * @param x input [N, in, H, W]
     * @param temb time embedding [N, tembChannels], or null for a block without one
     * @return [N, out, H, W]
     */
    public NDArray forward(NDArray x, NDArray temb) {
        // Each temporary is closed as soon as it is consumed: at 512×512 the largest VAE resnet
        // otherwise keeps about a dozen full-size activations alive until the caller's scope ends.
        NDArray n1 = norm1.forward(x);
        NDArray a1 = Activations.silu(n1);
        n1.close();
        NDArray h = conv1.forward(a1);
        a1.close();
        if (timeEmbProj != null) {
            NDArray act = Activations.silu(temb);
            NDArray t = timeEmbProj.forward(act);
            act.close();
            NDArray t4 = t.reshape(t.getShape().get(0), t.getShape().get(1), 1, 1);
            // Not in place: a prepacked convolution's output is an inference tensor (Conv2d).
            NDArray shifted = h.add(t4);
            h.close();
            h = shifted;
            t4.close();
            t.close();
        }
        NDArray n2 = norm2.forward(h);
        h.close();
        NDArray a2 = Activations.silu(n2);
        n2.close();
        NDArray out = conv2.forward(a2);
        a2.close();
        NDArray residual = convShortcut == null ? x : convShortcut.forward(x);
        NDArray sum = out.add(residual);
        out.close();
        if (residual != x) {
            residual.close();
        }
        return sum;
    }
}
