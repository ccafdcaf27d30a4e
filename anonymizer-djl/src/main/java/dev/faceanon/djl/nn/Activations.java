package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The activation functions of the networks; DJL has no native SiLU or QuickGELU. */
public final class Activations {

    private Activations() {}

    /**
     * @param x input
     * @return {@code x·σ(x)} (diffusers' "silu")
     */
    public static NDArray silu(NDArray x) {
        // In place on the fresh sigmoid: one full-size temporary instead of two.
        return Activation.sigmoid(x).muli(x);
    }

    /**
     * @param x input
     * @return exact (erf) GELU, as diffusers' GEGLU uses
     */
    public static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    /**
     * @param x input
     * @return {@code x·σ(1.702x)}, OpenAI CLIP's "quick_gelu"
     */
    public static NDArray quickGelu(NDArray x) {
        NDArray scaled = x.mul(1.702f);
        NDArray gate = Activation.sigmoid(scaled);
        scaled.close();
        return gate.muli(x);
    }
}
