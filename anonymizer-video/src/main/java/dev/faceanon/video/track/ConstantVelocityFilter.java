package dev.faceanon.video.track;

/**
 * A one-dimensional Kalman filter with a constant-velocity model: state position and velocity per
 * frame, white acceleration noise, measurements of the position. Measurements come at arbitrary
 * frame gaps (the detector may run every N frames and miss some).
 */
final class ConstantVelocityFilter {
    private final double measurementVariance;
    private final double accelerationVariance;
    private double position;
    private double velocity;
    private double p00;
    private double p01;
    private double p11;

    /**
     * @param first the first measurement
     * @param measurementVariance variance of a measurement
     * @param accelerationVariance variance of the change of velocity per frame
     * @param velocityVariance prior variance of the unknown initial velocity
     */
    ConstantVelocityFilter(double first, double measurementVariance, double accelerationVariance,
            double velocityVariance) {
        this.measurementVariance = measurementVariance;
        this.accelerationVariance = accelerationVariance;
        this.position = first;
        this.p00 = measurementVariance;
        this.p11 = velocityVariance;
    }

    /**
     * @param frames frames after the last measurement
     * @return the predicted position
     */
    double predict(int frames) {
        return position + velocity * frames;
    }

    /** @return the estimated velocity per frame */
    double velocity() {
        return velocity;
    }

    /**
     * Predicts over the gap since the last measurement, then corrects with this one.
     *
     * @param z the measured position
     * @param frames frames since the last measurement, at least 1
     */
    void update(double z, int frames) {
        double dt = frames;
        double q = accelerationVariance;
        // Predict: x = F x, P = F P Fᵀ + Q for F = [[1, dt], [0, 1]] and white acceleration noise.
        position += velocity * dt;
        double n00 = p00 + 2 * dt * p01 + dt * dt * p11 + q * dt * dt * dt / 3;
        double n01 = p01 + dt * p11 + q * dt * dt / 2;
        double n11 = p11 + q * dt;
        // Correct with the position measurement.
        double s = n00 + measurementVariance;
        double k0 = n00 / s;
        double k1 = n01 / s;
        double innovation = z - position;
        position += k0 * innovation;
        velocity += k1 * innovation;
        p00 = (1 - k0) * n00;
        p01 = (1 - k0) * n01;
        p11 = n11 - k1 * n01;
    }
}
