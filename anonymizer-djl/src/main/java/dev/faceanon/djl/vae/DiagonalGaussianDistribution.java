package dev.faceanon.djl.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * diffusers 0.25.1 {@code DiagonalGaussianDistribution}, the VAE posterior: the moments
 * [B, 2L, h, w] are split along channels into {@code mean} and {@code logvar}; the log-variance is
 * clamped to [−30, 20] (so that {@code exp} can neither underflow to an exact zero nor overflow),
 * and {@code std = exp(0.5·logvar)}.
 *
 * <p>Sampling takes its standard-normal noise from the caller: the pipeline replays torch's noise
 * (or draws its own) through its noise source, so this class holds no random state.
 *
 * <p>The arrays belong to the manager of the moments given to the constructor ({@link
 * AutoencoderKL#encode} uses the caller's manager); {@link #close()} frees them early. Immutable
 * and safe to share between threads while open.
 */
public final class DiagonalGaussianDistribution implements AutoCloseable {
    /** diffusers' clamp bounds for the log-variance. */
    static final float LOGVAR_MIN = -30f;
    static final float LOGVAR_MAX = 20f;

    private final NDArray moments;
    private final NDArray mean;
    private final NDArray logvar;
    private final NDArray std;

    /**
     * @param moments posterior parameters [B, 2L, h, w] (the {@code quant_conv} output); kept, not
     *     copied, and closed by {@link #close()}
     * @throws IllegalArgumentException if the tensor is not 4-D with an even channel count
     */
    public DiagonalGaussianDistribution(NDArray moments) {
        Shape s = moments.getShape();
        if (s.dimension() != 4 || s.get(1) % 2 != 0) {
            throw new IllegalArgumentException("posterior moments must be [B, 2L, h, w], got " + s);
        }
        this.moments = moments;
        try (NDScope scope = new NDScope()) {
            NDList halves = moments.split(2, 1);
            mean = halves.get(0);
            logvar = halves.get(1).clip(LOGVAR_MIN, LOGVAR_MAX);
            std = logvar.mul(0.5f).exp();
            NDScope.unregister(mean, logvar, std);
        }
        NDScope.register(mean);
        NDScope.register(logvar);
        NDScope.register(std);
    }

    /** @return the parameters [B, 2L, h, w] the distribution was built from */
    public NDArray moments() {
        return moments;
    }

    /** @return the mean [B, L, h, w] */
    public NDArray mean() {
        return mean;
    }

    /** @return the log-variance clamped to [−30, 20], [B, L, h, w] */
    public NDArray logvar() {
        return logvar;
    }

    /** @return the standard deviation {@code exp(0.5·logvar)}, [B, L, h, w] */
    public NDArray std() {
        return std;
    }

    /** @return the mode, which is the mean (the same array as {@link #mean()}) */
    public NDArray mode() {
        return mean;
    }

    /**
     * A sample {@code mean + std·noise} (diffusers' {@code sample()} with the noise supplied). The
     * latents are unscaled: the pipeline multiplies them by {@code scaling_factor}.
     *
     * @param noise standard-normal noise of the mean's shape; converted to the mean's type as
     *     diffusers draws it in the parameters' type
     * @return the sample, attached to the manager of {@link #mean()}
     * @throws IllegalArgumentException if the noise has another shape
     */
    public NDArray sample(NDArray noise) {
        Objects.requireNonNull(noise, "noise");
        if (!noise.getShape().equals(mean.getShape())) {
            throw new IllegalArgumentException(
                    "noise must have the posterior's shape " + mean.getShape() + ", got " + noise.getShape());
        }
        NDArray result;
        try (NDScope scope = new NDScope()) {
            NDArray n = noise.getDataType() == mean.getDataType() ? noise : noise.toType(mean.getDataType(), false);
            result = mean.add(std.mul(n));
            NDScope.unregister(result);
        }
        NDScope.register(result);
        return result;
    }

    /** Frees the moments, mean, log-variance and standard deviation; samples stay valid. */
    @Override
    public void close() {
        moments.close();
        mean.close();
        logvar.close();
        std.close();
    }
}
