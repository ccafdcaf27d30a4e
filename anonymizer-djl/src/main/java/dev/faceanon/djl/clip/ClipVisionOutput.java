package dev.faceanon.djl.clip;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * The two outputs of a {@code CLIPVisionModel} forward pass. Closing it closes both arrays.
 *
 * @param lastHiddenState the encoder output [B, 1 + patches, hidden], <b>not</b> post-layernormed
 * @param pooler {@code pooler_output} [B, hidden]: {@code post_layernorm(lastHiddenState[:, 0])}, the
 *     image embedding the pipeline uses (without projection)
 */
public record ClipVisionOutput(NDArray lastHiddenState, NDArray pooler) implements AutoCloseable {

    /**
     * Creates an instance, checking its components.
     *
     * @param lastHiddenState the encoder output [B, 1 + patches, hidden], <b>not</b> post-layernormed
     * @param pooler {@code pooler_output} [B, hidden]: {@code post_layernorm(lastHiddenState[:, 0])}, the
     *     image embedding the pipeline uses (without projection)
     * @throws NullPointerException if an array is null
     */
    public ClipVisionOutput {
        Objects.requireNonNull(lastHiddenState, "lastHiddenState");
        Objects.requireNonNull(pooler, "pooler");
    }

    /** Closes both arrays. */
    @Override
    public void close() {
        lastHiddenState.close();
        pooler.close();
    }
}
