package dev.faceanon.djl.config;

import com.google.gson.JsonObject;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.sampling.BetaSchedule;
import dev.faceanon.sampling.PredictionType;
import dev.faceanon.sampling.TimestepSpacing;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A diffusers {@code scheduler_config.json}: the noise schedule and the step options shared by the
 * DDPM, DDIM and DPM-Solver schedulers. SD-2.1's file declares {@code DDIMScheduler}; the official
 * pipeline builds a {@code DDPMScheduler} from it, and other samplers may be built from it too, so
 * this type reads the file without binding it to one scheduler class.
 *
 * <p><b>Defaults</b> (diffusers 0.25.1, identical for DDPM and DDIM): {@code num_train_timesteps}
 * 1000, {@code beta_start} 0.0001, {@code beta_end} 0.02, {@code beta_schedule} linear,
 * {@code trained_betas} none, {@code prediction_type} epsilon, {@code clip_sample} true,
 * {@code clip_sample_range} 1.0, {@code set_alpha_to_one} true (DDIM only), {@code steps_offset} 0,
 * {@code thresholding} false, {@code rescale_betas_zero_snr} false. Keys whose default depends on the
 * scheduler class are returned as empty when absent: {@code timestep_spacing} (DDPM and DDIM
 * "leading", DPM-Solver "linspace") and {@code variance_type} (DDPM "fixed_small", DPM-Solver none).
 *
 * <p><b>Validation.</b> {@code num_train_timesteps} in [1, 100000]; betas in (0, 1);
 * {@code trained_betas} null or one beta per training timestep; {@code beta_schedule} linear,
 * scaled_linear or squaredcos_cap_v2; {@code prediction_type} epsilon, v_prediction or sample;
 * {@code timestep_spacing} leading, trailing or linspace; {@code variance_type} one of diffusers'
 * DDPM variance types; {@code steps_offset} below {@code num_train_timesteps};
 * {@code thresholding} must be false (dynamic thresholding is for pixel-space models and not
 * implemented). Scheduler-specific keys (e.g. {@code solver_order}) are kept in {@link #rawJson()}.
 *
 * <p>The schedule, prediction and spacing values are the sampler enums of
 * {@code dev.faceanon.sampling}, whose lower-case constant names are the diffusers spellings.
 *
 * <p>Immutable. {@link #equals} compares the typed values; {@link #className()}, {@link #rawJson()}
 * and {@link #source()} are not part of it.
 */
public final class SchedulerConfig extends ConfigValues {

    private static final int MAX_TRAIN_TIMESTEPS = 100_000;
    private static final double BELOW_ONE = Math.nextDown(1.0);
    private static final Set<String> VARIANCE_TYPES =
            Set.of("fixed_small", "fixed_small_log", "fixed_large", "fixed_large_log", "learned", "learned_range");
    private static final String PURPOSE = "diffusers scheduler_config.json";
    private static final Path BUILT_IN =
            Path.of("built-in", "stable-diffusion-2-1", "scheduler", "scheduler_config.json");

    private final JsonObject raw;
    private final String className;
    private final int numTrainTimesteps;
    private final double betaStart;
    private final double betaEnd;
    private final BetaSchedule betaSchedule;
    private final List<Double> trainedBetas;
    private final PredictionType predictionType;
    private final boolean clipSample;
    private final double clipSampleRange;
    private final boolean setAlphaToOne;
    private final int stepsOffset;
    private final TimestepSpacing timestepSpacing;
    private final String varianceType;
    private final boolean rescaleBetasZeroSnr;

    private SchedulerConfig(ConfigObject c) {
        super(c.source());
        raw = c.json();
        className = c.optionalString("_class_name").orElse(null);
        numTrainTimesteps = c.intOr("num_train_timesteps", 1000, 1, MAX_TRAIN_TIMESTEPS);
        betaStart = c.doubleOr("beta_start", 0.0001, Double.MIN_VALUE, BELOW_ONE);
        betaEnd = c.doubleOr("beta_end", 0.02, Double.MIN_VALUE, BELOW_ONE);
        betaSchedule = c.enumOr("beta_schedule", BetaSchedule.LINEAR, BetaSchedule.class);
        trainedBetas = c.optionalDoubleList("trained_betas", Double.MIN_VALUE, BELOW_ONE).orElse(null);
        if (trainedBetas != null && trainedBetas.size() != numTrainTimesteps) {
            throw c.invalid("trained_betas", "has " + trainedBetas.size() + " betas but num_train_timesteps is "
                    + numTrainTimesteps + "; give one beta per training timestep");
        }
        predictionType = c.enumOr("prediction_type", PredictionType.EPSILON, PredictionType.class);
        clipSample = c.booleanOr("clip_sample", true);
        clipSampleRange = c.doubleOr("clip_sample_range", 1.0, Double.MIN_VALUE, 1e6);
        setAlphaToOne = c.booleanOr("set_alpha_to_one", true);
        stepsOffset = c.intOr("steps_offset", 0, 0, numTrainTimesteps - 1);
        timestepSpacing = c.optionalEnum("timestep_spacing", TimestepSpacing.class).orElse(null);
        varianceType = c.hasValue("variance_type")
                ? c.oneOf("variance_type", "fixed_small", VARIANCE_TYPES)
                : null;
        rescaleBetasZeroSnr = c.booleanOr("rescale_betas_zero_snr", false);
        c.requireBoolean("thresholding", false, false, "dynamic thresholding");
    }

    /**
     * Reads and validates a {@code scheduler_config.json}.
     *
     * @param file the file
     * @return the configuration
     * @throws MissingModelFileException if the file does not exist
     * @throws ModelConfigException if it is malformed or asks for an unsupported feature
     */
    public static SchedulerConfig read(Path file) {
        return new SchedulerConfig(ConfigObject.read(file, PURPOSE));
    }

    /**
     * Validates a configuration already parsed from JSON.
     *
     * @param json the configuration object
     * @param source where it came from, for messages
     * @return the configuration
     * @throws ModelConfigException as {@link #read}
     */
    public static SchedulerConfig fromJson(JsonObject json, Path source) {
        return new SchedulerConfig(ConfigObject.of(json, source));
    }

    /**
     * The SD-2.1 {@code scheduler/scheduler_config.json} as published (spec &sect;1.5), for tests and
     * tools that need it without the file.
     *
     * @return the configuration
     */
    public static SchedulerConfig stableDiffusion21() {
        return fromJson(ConfigObject.parseObject("""
                {
                  "_class_name": "DDIMScheduler",
                  "_diffusers_version": "0.8.0",
                  "beta_end": 0.012,
                  "beta_schedule": "scaled_linear",
                  "beta_start": 0.00085,
                  "clip_sample": false,
                  "num_train_timesteps": 1000,
                  "prediction_type": "v_prediction",
                  "set_alpha_to_one": false,
                  "skip_prk_steps": true,
                  "steps_offset": 1,
                  "trained_betas": null
                }
                """, BUILT_IN), BUILT_IN);
    }

    /** @return a copy of the whole JSON object, for scheduler-specific keys no accessor covers */
    public JsonObject rawJson() {
        return raw.deepCopy();
    }

    /** @return {@code _class_name}, the scheduler class the file was written for (SD-2.1: DDIMScheduler) */
    public Optional<String> className() {
        return Optional.ofNullable(className);
    }

    /** @return {@code num_train_timesteps}, T (default 1000) */
    public int numTrainTimesteps() {
        return numTrainTimesteps;
    }

    /** @return {@code beta_start} (default 0.0001; SD-2.1 0.00085) */
    public double betaStart() {
        return betaStart;
    }

    /** @return {@code beta_end} (default 0.02; SD-2.1 0.012) */
    public double betaEnd() {
        return betaEnd;
    }

    /** @return {@code beta_schedule} (default linear; SD-2.1 scaled_linear); unused when trained betas are given */
    public BetaSchedule betaSchedule() {
        return betaSchedule;
    }

    /** @return {@code trained_betas}, one beta per training timestep, if given (default none) */
    public Optional<List<Double>> trainedBetas() {
        return Optional.ofNullable(trainedBetas);
    }

    /** @return {@code prediction_type} (default epsilon; SD-2.1 v_prediction) */
    public PredictionType predictionType() {
        return predictionType;
    }

    /** @return {@code clip_sample}: clamp the predicted x0 to &plusmn;clip_sample_range (default true; SD-2.1 false) */
    public boolean clipSample() {
        return clipSample;
    }

    /** @return {@code clip_sample_range} (default 1.0) */
    public double clipSampleRange() {
        return clipSampleRange;
    }

    /** @return {@code set_alpha_to_one}, DDIM's final alpha-bar choice (default true; SD-2.1 false) */
    public boolean setAlphaToOne() {
        return setAlphaToOne;
    }

    /** @return {@code steps_offset} added to inference timesteps (default 0; SD-2.1 1) */
    public int stepsOffset() {
        return stepsOffset;
    }

    /**
     * @return {@code timestep_spacing}, or empty when absent, in which case the scheduler class's own
     *     default applies (DDPM/DDIM leading, DPM-Solver linspace). SD-2.1's file has none.
     */
    public Optional<TimestepSpacing> timestepSpacing() {
        return Optional.ofNullable(timestepSpacing);
    }

    /**
     * @return {@code variance_type} as diffusers names it, or empty when absent or null, in which case
     *     the scheduler class's default applies (DDPM fixed_small). SD-2.1's file has none.
     */
    public Optional<String> varianceType() {
        return Optional.ofNullable(varianceType);
    }

    /** @return {@code rescale_betas_zero_snr}: rescale betas to zero terminal SNR (default false) */
    public boolean rescaleBetasZeroSnr() {
        return rescaleBetasZeroSnr;
    }

    @Override
    List<Object> values() {
        return Arrays.asList(numTrainTimesteps, betaStart, betaEnd, betaSchedule, trainedBetas, predictionType,
                clipSample, clipSampleRange, setAlphaToOne, stepsOffset, timestepSpacing, varianceType,
                rescaleBetasZeroSnr);
    }
}
