package dev.faceanon.sampling;

/**
 * What the denoising model predicts (diffusers' {@code prediction_type}; the lower-case constant
 * name is the diffusers spelling). With {@code x_t = sqrt(ᾱ_t)·x0 + sqrt(1−ᾱ_t)·ε}, every type
 * determines {@code x0} and {@code ε} as linear combinations of {@code x_t} and the model output,
 * which is what lets a sampler step be written with scalar coefficients (see {@link StepCoefficients}).
 */
public enum PredictionType {
    /** {@code epsilon}: the added noise ε; {@code x0 = (x_t − sqrt(1−ᾱ_t)·ε) / sqrt(ᾱ_t)}. */
    EPSILON,
    /**
     * {@code v_prediction}: the velocity {@code v = sqrt(ᾱ_t)·ε − sqrt(1−ᾱ_t)·x0} (SD-2.1 768-v and
     * the face anonymisation model); {@code x0 = sqrt(ᾱ_t)·x_t − sqrt(1−ᾱ_t)·v}.
     */
    V_PREDICTION,
    /** {@code sample}: the clean sample x0 itself. */
    SAMPLE
}
