package dev.faceanon.sampling;

/**
 * The x0 prediction {@code x0 = fromSample·x_t + fromModel·m} for each prediction type, given the
 * signal and noise scales of x_t ({@code x_t = alpha·x0 + sigma·ε}).
 *
 * @param fromSample coefficient of x_t
 * @param fromModel coefficient of the model output
 */
record X0Coefficients(double fromSample, double fromModel) {

    static X0Coefficients of(PredictionType type, double alpha, double sigma) {
        switch (type) {
            case EPSILON:
                return new X0Coefficients(1 / alpha, -sigma / alpha);
            case V_PREDICTION:
                return new X0Coefficients(alpha, -sigma);
            case SAMPLE:
                return new X0Coefficients(0, 1);
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * Rejects the timesteps where a sampler would divide by zero.
     *
     * @param type the prediction type
     * @param t the timestep, for the message
     * @param alphaCumprod ᾱ_t
     */
    static void requireUsable(PredictionType type, int t, double alphaCumprod) {
        if (alphaCumprod >= 1) {
            throw new IllegalArgumentException("ᾱ is 1 at timestep " + t + ": the schedule adds no noise there, so"
                    + " no sampler can step from it; check the betas");
        }
        if (alphaCumprod <= 0 && type == PredictionType.EPSILON) {
            throw new IllegalArgumentException("ᾱ is 0 at timestep " + t + " (zero terminal SNR): epsilon"
                    + " prediction cannot recover x0 there; zero-SNR schedules need v_prediction or sample");
        }
    }
}
