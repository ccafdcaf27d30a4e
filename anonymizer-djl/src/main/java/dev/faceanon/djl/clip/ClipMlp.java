package dev.faceanon.djl.clip;

import ai.djl.ndarray.NDArray;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.nn.Activations;
import dev.faceanon.djl.nn.Linear;
import dev.faceanon.djl.nn.Weights;
import java.util.Objects;

/**
 * transformers' {@code CLIPMLP}: {@code fc2(act(fc1(x)))} with {@code fc1 [intermediate, hidden]},
 * {@code fc2 [hidden, intermediate]} (both biased) and the configured {@code hidden_act}.
 */
public final class ClipMlp {
    private final ClipVisionConfig.Activation activation;
    private final Linear fc1;
    private final Linear fc2;

    /**
     * @param w weights at {@code vision_model.encoder.layers.i.mlp}
     * @param hidden token width ({@code hidden_size})
     * @param intermediate MLP width ({@code intermediate_size})
     * @param activation {@code hidden_act}
     */
    public ClipMlp(Weights w, int hidden, int intermediate, ClipVisionConfig.Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
        fc1 = new Linear(w.at("fc1"), hidden, intermediate, true);
        fc2 = new Linear(w.at("fc2"), intermediate, hidden, true);
    }

    /**
     * @param x tokens [..., hidden]
     * @return [..., hidden], attached to {@code x}'s manager
     */
    public NDArray forward(NDArray x) {
        NDArray h = fc1.forward(x);
        NDArray activated = activation == ClipVisionConfig.Activation.QUICK_GELU ? Activations.quickGelu(h)
                : Activations.gelu(h);
        h.close();
        return fc2.forward(activated);
    }
}
