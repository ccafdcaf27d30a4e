package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.blocks.Downsample2D;
import dev.faceanon.djl.blocks.ResnetBlock2D;
import dev.faceanon.djl.blocks.Upsample2D;
import java.util.Deque;

/**
 * How blocks use the skip-connection stack: down blocks push every resnet (or transformer) output
 * and their downsampler's output, up blocks pop one skip per resnet.
 */
final class SkipConnections {

    private SkipConnections() {}

    /**
     * Downsamples and pushes the result as a skip, if the block has a downsampler.
     *
     * @return the downsampled states, or {@code x} if there is no downsampler
     */
    static NDArray downsample(Downsample2D downsampler, NDArray x, Deque<NDArray> skips) {
        if (downsampler == null) {
            return x;
        }
        NDArray down = ForwardScope.layer(() -> downsampler.forward(x));
        skips.push(down);
        return down;
    }

    /**
     * Runs a resnet over the hidden states concatenated with the next skip, in a scope of its own.
     */
    static NDArray resnetOverNext(ResnetBlock2D resnet, NDArray x, Deque<NDArray> skips, NDArray temb,
            String block) {
        return ForwardScope.layer(() -> resnet.forward(concatNext(x, skips, block), temb));
    }

    /**
     * Pops the most recent skip and concatenates it after {@code x} along channels, as diffusers'
     * {@code torch.cat([hidden_states, res_hidden_states], dim=1)}. The skip is no longer needed
     * afterwards and is freed at once: at 512×512 the skips are the largest live tensors of the
     * up path.
     */
    static NDArray concatNext(NDArray x, Deque<NDArray> skips, String block) {
        NDArray skip = skips.poll();
        if (skip == null) {
            throw new IllegalStateException(block + " ran out of skip connections");
        }
        NDArray joined = x.concat(skip, 1);
        skip.close();
        return joined;
    }

    /** Upsamples to the spatial size of the next skip, which the following up block consumes. */
    static NDArray upsampleToNext(Upsample2D upsampler, NDArray x, Deque<NDArray> skips, String block) {
        NDArray next = skips.peek();
        if (next == null) {
            throw new IllegalStateException(block + " upsamples but no skip connection is left to size it");
        }
        Shape s = next.getShape();
        return ForwardScope.layer(() -> upsampler.forward(x, s.get(2), s.get(3)));
    }
}
