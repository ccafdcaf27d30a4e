package dev.faceanon.djl.sampling;

import com.google.gson.JsonElement;
import dev.faceanon.djl.config.ConfigObject;
import dev.faceanon.djl.config.SchedulerConfig;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.sampling.FinalSigma;
import dev.faceanon.sampling.NoiseSchedule;
import dev.faceanon.sampling.Sampler;
import dev.faceanon.sampling.SamplerKind;
import dev.faceanon.sampling.SamplerOptions;
import dev.faceanon.sampling.VarianceType;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds samplers from a diffusers {@code scheduler_config.json}, as diffusers' {@code from_config}
 * builds any of the three scheduler classes from one file (the official pipeline builds a
 * {@code DDPMScheduler} from SD-2.1's {@code DDIMScheduler} file). Keys are read the way the target
 * class reads them: absent keys take that class's default (e.g. {@code timestep_spacing} leading for
 * DDPM/DDIM, linspace for DPM-Solver++), keys the class does not know are ignored, and values this
 * library does not implement are rejected with a {@link ModelConfigException} naming the key.
 */
public final class SchedulerConfigSamplers {

    private static final Set<String> MIDPOINT_ALIASES = Set.of("midpoint", "logrho", "bh1", "bh2");
    private static final Set<String> SOLVER_PLUS_PLUS_ALIASES = Set.of("dpmsolver++", "deis");

    private SchedulerConfigSamplers() {
    }

    /**
     * @param config the scheduler configuration
     * @param kind the sampler to build
     * @return the sampler
     * @throws ModelConfigException if the configuration asks for something the sampler does not
     *     implement (e.g. a learned variance, Karras sigmas, a third-order solver) or its schedule is
     *     unusable
     */
    public static Sampler create(SchedulerConfig config, SamplerKind kind) {
        ConfigObject raw = ConfigObject.of(config.rawJson(), config.source());
        NoiseSchedule schedule = schedule(config, kind, raw);
        // Shared keys are carried over whatever the kind (a sampler ignores those it does not use);
        // variance_type means different things to DDPM and DPM-Solver, so it is read per kind.
        SamplerOptions options = SamplerOptions.of(config.predictionType())
                .withStepsOffset(config.stepsOffset())
                .withSpacing(config.timestepSpacing().orElse(null))
                .withSetAlphaToOne(config.setAlphaToOne());
        options = config.clipSample() ? options.withClipSample(config.clipSampleRange()) : options.withoutClipSample();
        if (kind == SamplerKind.DDPM) {
            options = options.withVarianceType(varianceType(config, raw));
        } else if (kind == SamplerKind.DPM_SOLVER_PP_2M) {
            options = dpmSolverOptions(raw, options);
        }
        return kind.sampler(schedule, options);
    }

    private static NoiseSchedule schedule(SchedulerConfig config, SamplerKind kind, ConfigObject raw) {
        NoiseSchedule s;
        try {
            s = config.trainedBetas()
                    .map(b -> NoiseSchedule.fromBetas(b.stream().mapToDouble(Double::doubleValue).toArray()))
                    .orElseGet(() -> NoiseSchedule.of(config.numTrainTimesteps(), config.betaStart(), config.betaEnd(),
                            config.betaSchedule()));
        } catch (IllegalArgumentException e) {
            throw raw.invalid(config.trainedBetas().isPresent() ? "trained_betas" : "beta_schedule", e.getMessage());
        }
        if (config.rescaleBetasZeroSnr()) {
            if (kind == SamplerKind.DPM_SOLVER_PP_2M) {
                // diffusers 0.25.1's DPM-Solver has no such key and would silently sample a different
                // schedule than the model was trained on; its log-SNR is undefined at ᾱ = 0 anyway.
                throw raw.invalid("rescale_betas_zero_snr", "is true, which DPM-Solver++ does not support"
                        + " (ᾱ = 0 at the last timestep); use DDIM or DDPM with this model");
            }
            try {
                s = s.rescaledToZeroTerminalSnr();
            } catch (IllegalArgumentException e) {
                throw raw.invalid("rescale_betas_zero_snr", e.getMessage());
            }
        }
        return s;
    }

    private static VarianceType varianceType(SchedulerConfig config, ConfigObject raw) {
        String name = config.varianceType().orElse("fixed_small");
        for (VarianceType v : VarianceType.values()) {
            if (v.name().toLowerCase(Locale.ROOT).equals(name)) {
                return v;
            }
        }
        throw raw.invalid("variance_type", "is \"" + name + "\", which DDPM sampling here does not support"
                + " (learned variances need a model that predicts them; fixed_large_log yields NaN in diffusers);"
                + " supported: fixed_small, fixed_small_log, fixed_large");
    }

    /** Python writes −∞ as the bare token {@code -Infinity}, which the lenient JSON reader keeps as text. */
    private static boolean isMinusInfinity(JsonElement e) {
        if (!e.isJsonPrimitive() || e.getAsJsonPrimitive().isBoolean()) {
            return false;
        }
        try {
            return e.getAsDouble() == Double.NEGATIVE_INFINITY;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static SamplerOptions dpmSolverOptions(ConfigObject raw, SamplerOptions options) {
        String algorithm = raw.stringOr("algorithm_type", "dpmsolver++");
        if (!SOLVER_PLUS_PLUS_ALIASES.contains(algorithm)) {
            throw raw.invalid("algorithm_type", "is \"" + algorithm + "\"; only dpmsolver++ is implemented");
        }
        String solver = raw.stringOr("solver_type", "midpoint");
        if (!MIDPOINT_ALIASES.contains(solver)) {
            throw raw.invalid("solver_type", "is \"" + solver + "\"; only midpoint is implemented");
        }
        int order = raw.intOr("solver_order", 2, 1, 3);
        if (order != 2) {
            throw raw.invalid("solver_order", "is " + order + "; this sampler is the second-order DPM-Solver++(2M)");
        }
        for (String key : List.of("use_karras_sigmas", "use_lu_lambdas")) {
            raw.requireBoolean(key, false, false, key.replace('_', ' '));
        }
        JsonElement clipped = raw.json().get("lambda_min_clipped");
        if (clipped != null && !clipped.isJsonNull() && !isMinusInfinity(clipped)) {
            throw raw.invalid("lambda_min_clipped", "is " + clipped + "; only -Infinity (no clipping) is implemented");
        }
        String variance = raw.optionalString("variance_type").orElse(null);
        if (variance != null) {
            throw raw.invalid("variance_type", "is \"" + variance + "\"; DPM-Solver++ here needs a model without a"
                    + " learned variance (null)");
        }
        FinalSigma last = raw.enumOr("final_sigmas_type", FinalSigma.SIGMA_MIN, FinalSigma.class);
        return options.withLowerOrderFinal(raw.booleanOr("lower_order_final", true))
                .withEulerAtFinal(raw.booleanOr("euler_at_final", false))
                .withFinalSigma(last);
    }
}
