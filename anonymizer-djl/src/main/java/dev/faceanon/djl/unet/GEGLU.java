package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.faceanon.djl.nn.Activations;
import dev.faceanon.djl.nn.Linear;
import dev.faceanon.djl.nn.Weights;

/**
 * diffusers' {@code GEGLU}: {@code proj} maps to twice the inner width, the result is split along
 * the last axis into {@code (hidden, gate)} in that order, and the output is
 * {@code hidden · gelu(gate)} with the exact (erf) GELU.
 */
public final class GEGLU {
    private final Linear proj;
    private final long innerDim;

    /**
     * @param w weights at this layer's prefix, e.g. {@code ...ff.net.0}
     * @param dim input width
     * @param innerDim output width (half of {@code proj}'s)
     */
    public GEGLU(Weights w, long dim, long innerDim) {
        this.innerDim = innerDim;
        proj = new Linear(w.at("proj"), dim, 2 * innerDim, true);
    }

    /**
     * @param x input [..., dim]
     * @return [..., innerDim], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        NDArray projected = proj.forward(x);
        int last = projected.getShape().dimension() - 1;
        NDList halves = projected.split(new long[] {innerDim}, last);
        NDArray out = halves.get(0).mul(Activations.gelu(halves.get(1)));
        halves.close();
        projected.close();
        return out;
    }
}
