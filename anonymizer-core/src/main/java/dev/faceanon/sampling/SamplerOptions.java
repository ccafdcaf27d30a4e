package dev.faceanon.sampling;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The scheduler options a sampler is planned with, mirroring the diffusers configuration keys.
 * Options a sampler kind does not use are ignored by it (as diffusers ignores unknown keys):
 * clipping and the variance type only affect DDPM (clipping also DDIM), {@code set_alpha_to_one}
 * and eta only DDIM, the final sigma and the lower-order switches only DPM-Solver++.
 *
 * <p>Immutable; the {@code with…} methods return modified copies. {@link #of} starts from diffusers'
 * class defaults except for clipping, which starts off (diffusers' DDPM/DDIM default it on, which
 * is wrong for latent models; {@link #withClipSample} turns it on).
 */
public final class SamplerOptions {

    private final PredictionType predictionType;
    private final TimestepSpacing spacing;
    private final int stepsOffset;
    private final double clipSampleRange;
    private final VarianceType varianceType;
    private final boolean setAlphaToOne;
    private final double eta;
    private final FinalSigma finalSigma;
    private final boolean lowerOrderFinal;
    private final boolean eulerAtFinal;

    private SamplerOptions(Draft d) {
        this.predictionType = Objects.requireNonNull(d.predictionType, "predictionType");
        this.spacing = d.spacing;
        if (d.stepsOffset < 0) {
            throw new IllegalArgumentException("steps_offset must not be negative, got " + d.stepsOffset);
        }
        this.stepsOffset = d.stepsOffset;
        if (!(d.clipSampleRange > 0)) {
            throw new IllegalArgumentException("clip_sample_range must be positive, got " + d.clipSampleRange);
        }
        this.clipSampleRange = d.clipSampleRange;
        this.varianceType = Objects.requireNonNull(d.varianceType, "varianceType");
        this.setAlphaToOne = d.setAlphaToOne;
        if (!(d.eta >= 0 && d.eta <= 1)) {
            // Beyond 1 the DDIM direction term takes the square root of a negative number.
            throw new IllegalArgumentException("DDIM eta must lie in [0, 1], got " + d.eta);
        }
        this.eta = d.eta;
        this.finalSigma = Objects.requireNonNull(d.finalSigma, "finalSigma");
        this.lowerOrderFinal = d.lowerOrderFinal;
        this.eulerAtFinal = d.eulerAtFinal;
    }

    /** The values of options being derived from others; validated when they become options. */
    private static final class Draft {
        private PredictionType predictionType;
        private TimestepSpacing spacing;
        private int stepsOffset;
        private double clipSampleRange = Double.POSITIVE_INFINITY;
        private VarianceType varianceType = VarianceType.FIXED_SMALL;
        private boolean setAlphaToOne = true;
        private double eta;
        private FinalSigma finalSigma = FinalSigma.SIGMA_MIN;
        private boolean lowerOrderFinal = true;
        private boolean eulerAtFinal;
    }

    private Draft draft() {
        Draft d = new Draft();
        d.predictionType = predictionType;
        d.spacing = spacing;
        d.stepsOffset = stepsOffset;
        d.clipSampleRange = clipSampleRange;
        d.varianceType = varianceType;
        d.setAlphaToOne = setAlphaToOne;
        d.eta = eta;
        d.finalSigma = finalSigma;
        d.lowerOrderFinal = lowerOrderFinal;
        d.eulerAtFinal = eulerAtFinal;
        return d;
    }

    private SamplerOptions with(Consumer<Draft> change) {
        Draft d = draft();
        change.accept(d);
        return new SamplerOptions(d);
    }

    /**
     * Options with diffusers' class defaults for everything but the prediction type: the sampler
     * kind's own spacing, {@code steps_offset} 0, no clipping, {@code fixed_small},
     * {@code set_alpha_to_one} true, eta 0, the 0.25.1 final sigma, {@code lower_order_final} true,
     * {@code euler_at_final} false.
     *
     * @param predictionType what the model predicts
     * @return the options
     */
    public static SamplerOptions of(PredictionType predictionType) {
        Draft d = new Draft();
        d.predictionType = predictionType;
        return new SamplerOptions(d);
    }

    /**
     * @return the options of SD-2.1's {@code scheduler_config.json} as the official pipeline uses
     *     them: v-prediction, {@code steps_offset} 1, no clipping, {@code set_alpha_to_one} false,
     *     every other key at its class default
     */
    public static SamplerOptions stableDiffusion21() {
        return of(PredictionType.V_PREDICTION).withStepsOffset(1).withSetAlphaToOne(false);
    }

    /** @return what the model predicts ({@code prediction_type}) */
    public PredictionType predictionType() {
        return predictionType;
    }

    /** @return {@code timestep_spacing}, or empty for the sampler kind's default */
    public Optional<TimestepSpacing> spacing() {
        return Optional.ofNullable(spacing);
    }

    /**
     * @param kind a sampler kind
     * @return the spacing that kind uses with these options
     */
    public TimestepSpacing spacingFor(SamplerKind kind) {
        return spacing != null ? spacing : kind.defaultSpacing();
    }

    /** @return {@code steps_offset}, added to leading timesteps */
    public int stepsOffset() {
        return stepsOffset;
    }

    /** @return true if DDPM/DDIM clamp the x0 prediction to ±{@link #clipSampleRange()} */
    public boolean clipSample() {
        return clipSampleRange != Double.POSITIVE_INFINITY;
    }

    /** @return the clamp bound of the x0 prediction, {@code +∞} when clipping is off */
    public double clipSampleRange() {
        return clipSampleRange;
    }

    /** @return DDPM's {@code variance_type} */
    public VarianceType varianceType() {
        return varianceType;
    }

    /** @return DDIM's {@code set_alpha_to_one}: ᾱ = 1 (rather than ᾱ_0) after the last step */
    public boolean setAlphaToOne() {
        return setAlphaToOne;
    }

    /** @return DDIM's eta: 0 is deterministic, 1 has DDPM's noise level */
    public double eta() {
        return eta;
    }

    /** @return where DPM-Solver++ ends */
    public FinalSigma finalSigma() {
        return finalSigma;
    }

    /** @return DPM-Solver++'s {@code lower_order_final}: first order at the last step when N &lt; 15 */
    public boolean lowerOrderFinal() {
        return lowerOrderFinal;
    }

    /** @return DPM-Solver++'s {@code euler_at_final}: first order at the last step always */
    public boolean eulerAtFinal() {
        return eulerAtFinal;
    }

    /**
     * @param value what the model predicts
     * @return a copy with that prediction type
     */
    public SamplerOptions withPredictionType(PredictionType value) {
        return with(d -> d.predictionType = value);
    }

    /**
     * @param value the spacing, or null for the sampler kind's default
     * @return a copy with that spacing
     */
    public SamplerOptions withSpacing(TimestepSpacing value) {
        return with(d -> d.spacing = value);
    }

    /**
     * @param value {@code steps_offset}, ≥ 0 (checked against T when planning)
     * @return a copy with that offset
     */
    public SamplerOptions withStepsOffset(int value) {
        return with(d -> d.stepsOffset = value);
    }

    /**
     * @param range positive clamp bound of the x0 prediction ({@code clip_sample_range})
     * @return a copy that clips (diffusers' {@code clip_sample} true)
     */
    public SamplerOptions withClipSample(double range) {
        if (!(range > 0 && range < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("clip_sample_range must be positive and finite, got " + range);
        }
        return with(d -> d.clipSampleRange = range);
    }

    /** @return a copy that does not clip (diffusers' {@code clip_sample} false) */
    public SamplerOptions withoutClipSample() {
        return with(d -> d.clipSampleRange = Double.POSITIVE_INFINITY);
    }

    /**
     * @param value DDPM's variance type
     * @return a copy with it
     */
    public SamplerOptions withVarianceType(VarianceType value) {
        return with(d -> d.varianceType = value);
    }

    /**
     * @param value DDIM's {@code set_alpha_to_one}
     * @return a copy with it
     */
    public SamplerOptions withSetAlphaToOne(boolean value) {
        return with(d -> d.setAlphaToOne = value);
    }

    /**
     * @param value DDIM's eta in [0, 1]; above 0 every DDIM step consumes noise
     * @return a copy with it
     */
    public SamplerOptions withEta(double value) {
        return with(d -> d.eta = value);
    }

    /**
     * @param value where DPM-Solver++ ends
     * @return a copy with it
     */
    public SamplerOptions withFinalSigma(FinalSigma value) {
        return with(d -> d.finalSigma = value);
    }

    /**
     * @param value DPM-Solver++'s {@code lower_order_final}
     * @return a copy with it
     */
    public SamplerOptions withLowerOrderFinal(boolean value) {
        return with(d -> d.lowerOrderFinal = value);
    }

    /**
     * @param value DPM-Solver++'s {@code euler_at_final}
     * @return a copy with it
     */
    public SamplerOptions withEulerAtFinal(boolean value) {
        return with(d -> d.eulerAtFinal = value);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SamplerOptions)) {
            return false;
        }
        SamplerOptions x = (SamplerOptions) o;
        return predictionType == x.predictionType && spacing == x.spacing && stepsOffset == x.stepsOffset
                && Double.compare(clipSampleRange, x.clipSampleRange) == 0 && varianceType == x.varianceType
                && setAlphaToOne == x.setAlphaToOne && Double.compare(eta, x.eta) == 0 && finalSigma == x.finalSigma
                && lowerOrderFinal == x.lowerOrderFinal && eulerAtFinal == x.eulerAtFinal;
    }

    @Override
    public int hashCode() {
        return Objects.hash(predictionType, spacing, stepsOffset, clipSampleRange, varianceType, setAlphaToOne, eta,
                finalSigma, lowerOrderFinal, eulerAtFinal);
    }

    @Override
    public String toString() {
        return "SamplerOptions[prediction=" + predictionType + ", spacing=" + (spacing == null ? "default" : spacing)
                + ", stepsOffset=" + stepsOffset + ", clip=" + (clipSample() ? clipSampleRange : "off")
                + ", variance=" + varianceType + ", setAlphaToOne=" + setAlphaToOne + ", eta=" + eta
                + ", finalSigma=" + finalSigma + ", lowerOrderFinal=" + lowerOrderFinal + ", eulerAtFinal="
                + eulerAtFinal + "]";
    }
}
