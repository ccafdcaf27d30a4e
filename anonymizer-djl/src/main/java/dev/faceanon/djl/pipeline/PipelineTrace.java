package dev.faceanon.djl.pipeline;

import ai.djl.ndarray.NDArray;

/**
 * Receives named intermediates of a generation, under the names the official pipeline's goldens
 * use ({@code vae_encode.0.posterior_mean}, {@code referencenet.states.<path>},
 * {@code step.<i>.latents_out}, ...), so that a divergence can be located. The arrays are valid only
 * during the call; copy what you keep.
 */
@FunctionalInterface
public interface PipelineTrace {

    /** Records nothing. */
    PipelineTrace NONE = (name, value) -> {};

    /**
     * @param name the golden name of the intermediate
     * @param value its value (do not close or modify)
     */
    void record(String name, NDArray value);
}
