package dev.faceanon.djl.sampling;

import ai.djl.ndarray.NDArray;

/**
 * The outcome of one sampler step. Both arrays have the input sample's shape, data type and
 * device and belong to the input sample's manager; the caller closes them (or that manager).
 *
 * @param prevSample x_{t−1}, the sample for the next step (the result after the last step)
 * @param predictedOriginal the step's x0 prediction (diffusers' {@code pred_original_sample})
 */
public record StepResult(NDArray prevSample, NDArray predictedOriginal) {
}
