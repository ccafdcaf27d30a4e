package dev.faceanon.djl.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.UnaryOperator;

/**
 * Runs the stages of a forward pass one after another so that native memory tracks the largest
 * stage rather than the whole pass: each stage runs in its own {@link NDScope}, which frees its
 * temporaries when it ends, and each intermediate result is freed as soon as the next one exists.
 * At 512×512 a single full-resolution activation of the VAE is 128–256 MiB in float32, so keeping
 * every temporary until the end of the pass would need many gigabytes.
 *
 * <p>The final result is registered with the enclosing scope, if any, like any other array created
 * there. The caller's input is never closed. Not thread-safe; one instance per call.
 */
final class StagedForward {
    private final NDArray input;
    private NDArray current;

    /**
     * @param input the first stage's input; owned by the caller and never closed here
     */
    StagedForward(NDArray input) {
        this.input = input;
        this.current = input;
    }

    /**
     * @param stage the next stage
     * @return this, for chaining
     */
    StagedForward then(UnaryOperator<NDArray> stage) {
        NDArray next;
        try (NDScope scope = new NDScope()) {
            next = stage.apply(current);
            NDScope.unregister(next);
        }
        if (next != current && current != input) {
            NDScope.unregister(current);
            current.close();
        }
        if (next != input) {
            NDScope.register(next);
        }
        current = next;
        return this;
    }

    /** @return the last stage's output (the input if no stage ran) */
    NDArray result() {
        return current;
    }
}
