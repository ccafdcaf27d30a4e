package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.nn.Linear;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers' {@code FeedForward} with the GEGLU activation of the SD transformers:
 * {@code net.0} a {@link GEGLU} to {@code 4·dim}, {@code net.1} dropout (identity at inference),
 * {@code net.2} a linear back to {@code dim}.
 */
public final class FeedForward {
    /** diffusers' default {@code mult}: the inner width is four times the token width. */
    public static final int MULT = 4;

    private final GEGLU geglu;
    private final Linear out;

    /**
     * @param w weights at this layer's prefix, e.g. {@code ...transformer_blocks.0.ff}
     * @param dim token width
     */
    public FeedForward(Weights w, long dim) {
        long inner = MULT * dim;
        geglu = new GEGLU(w.at("net").at(0), dim, inner);
        out = new Linear(w.at("net").at(2), inner, dim, true);
    }

    /**
     * @param x tokens [..., dim]
     * @return [..., dim], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        NDArray hidden = geglu.forward(x);
        NDArray y = out.forward(hidden);
        hidden.close();
        return y;
    }
}
