package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;

/**
 * Supplies the tensor for each parameter a model asks for while it is being built. Two kinds
 * exist: one records what is asked without allocating anything (to compare a model's expectations
 * with a checkpoint or a key manifest), one loads from a checkpoint.
 */
interface ParameterBinder {

    /**
     * @param spec the parameter asked for
     * @return its tensor, or {@code null} when only recording
     */
    NDArray bind(ParameterSpec spec);
}
