package dev.faceanon.sampling;

import java.util.Arrays;
import java.util.Objects;

/**
 * The training noise schedule of a diffusion model: betas β_t and their cumulative products
 * {@code ᾱ_t = Π_{s≤t} (1 − β_s)} for the training timesteps t = 0 … T−1.
 *
 * <p><b>Precision.</b> diffusers builds these tables as float32 tensors, and every sampler reads
 * them from there, so they are stored as {@code float} and computed with the same float32
 * operations as torch: {@code torch.linspace} as its CPU kernel evaluates it, squaring for
 * {@code scaled_linear}, {@code 1 − β} in float32 and a cumulative product accumulated in double and
 * rounded per element (as libtorch does on CPU). For SD-2.1 the result equals the reference tables
 * bit for bit. Samplers derive their step coefficients from these float values in double precision.
 *
 * <p>Immutable; arrays handed out are copies.
 */
public final class NoiseSchedule {

    /** Largest supported number of training timesteps (diffusers models use 1000). */
    public static final int MAX_TRAIN_TIMESTEPS = 100_000;

    /** diffusers' cap on cosine-schedule betas, which keeps ᾱ away from 0 at the last timestep. */
    private static final double COSINE_MAX_BETA = 0.999;

    private final float[] betas;
    private final float[] alphasCumprod;

    private NoiseSchedule(float[] betas) {
        if (betas.length < 1 || betas.length > MAX_TRAIN_TIMESTEPS) {
            throw new IllegalArgumentException("a noise schedule needs 1 to " + MAX_TRAIN_TIMESTEPS
                    + " training timesteps, got " + betas.length);
        }
        for (int t = 0; t < betas.length; t++) {
            if (!(betas[t] >= 0f && betas[t] <= 1f)) {
                throw new IllegalArgumentException("beta at training timestep " + t + " is " + betas[t]
                        + "; betas must lie in [0, 1]");
            }
        }
        if (betas[0] >= 1f) {
            throw new IllegalArgumentException("the first beta is 1, so ᾱ is 0 at every timestep and nothing"
                    + " of the clean sample survives; betas must start below 1");
        }
        this.betas = betas;
        float[] alphas = new float[betas.length];
        for (int t = 0; t < betas.length; t++) {
            alphas[t] = 1f - betas[t];
        }
        this.alphasCumprod = TorchFloat32.cumprod(alphas);
    }

    /**
     * A schedule from diffusers' {@code beta_schedule}, {@code beta_start} and {@code beta_end}.
     *
     * @param numTrainTimesteps T, in [1, {@value #MAX_TRAIN_TIMESTEPS}]
     * @param betaStart β_0 (linear) or its square root's square (scaled_linear), in (0, 1); unused by
     *     the cosine schedule
     * @param betaEnd β_{T−1}, in (0, 1); unused by the cosine schedule
     * @param schedule the spacing of the betas
     * @return the schedule
     * @throws IllegalArgumentException if a value is out of range
     */
    public static NoiseSchedule of(int numTrainTimesteps, double betaStart, double betaEnd, BetaSchedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        requireTimesteps(numTrainTimesteps);
        switch (schedule) {
            case LINEAR:
                requireBeta("beta_start", betaStart);
                requireBeta("beta_end", betaEnd);
                return new NoiseSchedule(TorchFloat32.linspace(betaStart, betaEnd, numTrainTimesteps));
            case SCALED_LINEAR:
                requireBeta("beta_start", betaStart);
                requireBeta("beta_end", betaEnd);
                // The square roots are taken in double (Python's ** 0.5 on the config floats), the
                // spacing and the squaring in float32 (a torch tensor ** 2 is x * x).
                float[] roots = TorchFloat32.linspace(Math.sqrt(betaStart), Math.sqrt(betaEnd), numTrainTimesteps);
                float[] b = new float[numTrainTimesteps];
                for (int t = 0; t < b.length; t++) {
                    b[t] = roots[t] * roots[t];
                }
                return new NoiseSchedule(b);
            case SQUAREDCOS_CAP_V2:
                return new NoiseSchedule(cosineBetas(numTrainTimesteps));
            default:
                throw new AssertionError(schedule);
        }
    }

    /**
     * A schedule from explicit betas (diffusers' {@code trained_betas}), rounded to float32 as
     * diffusers does.
     *
     * @param betas one beta per training timestep, each in [0, 1], the first below 1
     * @return the schedule
     * @throws IllegalArgumentException if the array is empty, too long or holds a value out of range
     */
    public static NoiseSchedule fromBetas(double[] betas) {
        Objects.requireNonNull(betas, "betas");
        requireTimesteps(betas.length);
        float[] b = new float[betas.length];
        for (int t = 0; t < b.length; t++) {
            if (!Double.isFinite(betas[t])) {
                throw new IllegalArgumentException("beta at training timestep " + t + " is " + betas[t]);
            }
            b[t] = (float) betas[t];
        }
        return new NoiseSchedule(b);
    }

    /**
     * @return SD-2.1's schedule (and the face anonymisation model's): 1000 steps, scaled_linear
     *     from 0.00085 to 0.012
     */
    public static NoiseSchedule stableDiffusion21() {
        return of(1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR);
    }

    private static void requireTimesteps(int n) {
        if (n < 1 || n > MAX_TRAIN_TIMESTEPS) {
            throw new IllegalArgumentException("num_train_timesteps must be in [1, " + MAX_TRAIN_TIMESTEPS
                    + "], got " + n);
        }
    }

    private static void requireBeta(String name, double beta) {
        if (!(beta > 0 && beta < 1)) {
            throw new IllegalArgumentException(name + " must lie in (0, 1), got " + beta);
        }
    }

    /** diffusers' betas_for_alpha_bar with the cosine transform, in double, then float32. */
    private static float[] cosineBetas(int n) {
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            double t1 = (double) i / n;
            double t2 = (double) (i + 1) / n;
            b[i] = (float) Math.min(1 - cosineAlphaBar(t2) / cosineAlphaBar(t1), COSINE_MAX_BETA);
        }
        return b;
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /**
     * The same schedule rescaled to zero terminal SNR (diffusers' {@code rescale_betas_zero_snr},
     * Lin et al. 2023, Algorithm 1): sqrt(ᾱ) is shifted so its last value is 0 and scaled so its
     * first value is unchanged, in float32 as diffusers does. ᾱ at the last timestep becomes exactly
     * 0, which epsilon prediction and DPM-Solver cannot handle there; the samplers reject those
     * combinations.
     *
     * @return the rescaled schedule
     * @throws IllegalArgumentException if the schedule has a single timestep or already ends at ᾱ = 0
     */
    public NoiseSchedule rescaledToZeroTerminalSnr() {
        int n = betas.length;
        if (n < 2) {
            throw new IllegalArgumentException("zero terminal SNR rescaling needs at least two training timesteps");
        }
        float[] root = new float[n];
        for (int t = 0; t < n; t++) {
            root[t] = TorchFloat32.sqrt(alphasCumprod[t]);
        }
        float first = root[0];
        float last = root[n - 1];
        if (!(first > last)) {
            throw new IllegalArgumentException("ᾱ does not decrease over the schedule, so it cannot be rescaled"
                    + " to zero terminal SNR");
        }
        float scale = first / (first - last);
        float[] bar = new float[n];
        for (int t = 0; t < n; t++) {
            float r = (root[t] - last) * scale;
            bar[t] = r * r;
        }
        float[] b = new float[n];
        b[0] = 1f - bar[0];
        for (int t = 1; t < n; t++) {
            b[t] = 1f - bar[t] / bar[t - 1];
        }
        return new NoiseSchedule(b);
    }

    /** @return T, the number of training timesteps */
    public int numTrainTimesteps() {
        return betas.length;
    }

    /**
     * @param t a training timestep in [0, T−1]
     * @return β_t
     */
    public float beta(int t) {
        return betas[checkTimestep(t)];
    }

    /**
     * @param t a training timestep in [0, T−1]
     * @return ᾱ_t
     */
    public float alphaCumprod(int t) {
        return alphasCumprod[checkTimestep(t)];
    }

    /**
     * The noise-to-signal ratio {@code σ_t = sqrt((1 − ᾱ_t)/ᾱ_t)} in float32 as diffusers' sigma
     * tables compute it ({@code +∞} where ᾱ_t = 0).
     *
     * @param t a training timestep in [0, T−1]
     * @return σ_t
     */
    public float sigma(int t) {
        return sigmaOf(alphasCumprod[checkTimestep(t)]);
    }

    static float sigmaOf(float alphaCumprod) {
        return TorchFloat32.sqrt((1f - alphaCumprod) / alphaCumprod);
    }

    /** @return a copy of the betas, one per training timestep */
    public float[] betas() {
        return betas.clone();
    }

    /** @return a copy of ᾱ, one per training timestep */
    public float[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    private int checkTimestep(int t) {
        if (t < 0 || t >= betas.length) {
            throw new IndexOutOfBoundsException("training timestep " + t + " is outside [0, " + (betas.length - 1)
                    + "]");
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseSchedule && Arrays.equals(betas, ((NoiseSchedule) o).betas);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(betas);
    }

    @Override
    public String toString() {
        int n = betas.length;
        return "NoiseSchedule[T=" + n + ", beta " + betas[0] + " … " + betas[n - 1] + ", ᾱ " + alphasCumprod[0]
                + " … " + alphasCumprod[n - 1] + "]";
    }
}
