package dev.faceanon.djl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.sampling.BetaSchedule;
import dev.faceanon.sampling.PredictionType;
import dev.faceanon.sampling.TimestepSpacing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulerConfigTest {

    @TempDir
    Path tmp;

    private SchedulerConfig read(JsonObject json) {
        return SchedulerConfig.read(GoldenConfigs.write(tmp.resolve("scheduler/scheduler_config.json"), json));
    }

    @Test
    void publishedSd21FileEqualsTheBuiltInConfig() {
        JsonObject published = GoldenConfigs.publishedSchedulerConfig("ddim_config");
        SchedulerConfig c = read(published);
        assertEquals(SchedulerConfig.stableDiffusion21(), c);
        assertEquals(SchedulerConfig.stableDiffusion21().hashCode(), c.hashCode());
        // Spec section 1.5 by hand.
        assertEquals(Optional.of("DDIMScheduler"), c.className());
        assertEquals(1000, c.numTrainTimesteps());
        assertEquals(0.00085, c.betaStart());
        assertEquals(0.012, c.betaEnd());
        assertEquals(BetaSchedule.SCALED_LINEAR, c.betaSchedule());
        assertEquals(Optional.empty(), c.trainedBetas());
        assertEquals(PredictionType.V_PREDICTION, c.predictionType());
        assertFalse(c.clipSample());
        assertFalse(c.setAlphaToOne());
        assertEquals(1, c.stepsOffset());
        assertEquals(Optional.empty(), c.timestepSpacing(), "absent: the scheduler class decides");
        assertEquals(Optional.empty(), c.varianceType(), "absent: the scheduler class decides");
        assertTrue(c.rawJson().get("skip_prk_steps").getAsBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddpm_config", "ddim_config", "dpmpp2m_config"})
    void configsDiffusersBuiltAreReadAsSerialised(String key) {
        JsonObject json = GoldenConfigs.document(GoldenConfigs.SCHEDULER).getAsJsonObject(key);
        SchedulerConfig c = read(json);
        assertEquals(json.get("num_train_timesteps").getAsInt(), c.numTrainTimesteps());
        assertEquals(json.get("beta_start").getAsDouble(), c.betaStart());
        assertEquals(json.get("beta_end").getAsDouble(), c.betaEnd());
        assertEquals(json.get("beta_schedule").getAsString(), c.betaSchedule().name().toLowerCase());
        assertEquals(json.get("prediction_type").getAsString(), c.predictionType().name().toLowerCase());
        assertEquals(json.get("clip_sample").getAsBoolean(), c.clipSample());
        assertEquals(json.get("steps_offset").getAsInt(), c.stepsOffset());
        assertEquals(Optional.of(json.get("timestep_spacing").getAsString()),
                c.timestepSpacing().map(s -> s.name().toLowerCase()));
        boolean noVariance = !json.has("variance_type") || json.get("variance_type").isJsonNull();
        assertEquals(noVariance ? Optional.empty() : Optional.of(json.get("variance_type").getAsString()),
                c.varianceType());
    }

    @Test
    void classDefaultsFilledInByDiffusersAreVisible() {
        SchedulerConfig ddpm = read(GoldenConfigs.document(GoldenConfigs.SCHEDULER).getAsJsonObject("ddpm_config"));
        assertEquals(Optional.of(TimestepSpacing.LEADING), ddpm.timestepSpacing());
        assertEquals(Optional.of("fixed_small"), ddpm.varianceType());
        SchedulerConfig dpm = read(GoldenConfigs.document(GoldenConfigs.SCHEDULER).getAsJsonObject("dpmpp2m_config"));
        assertEquals(Optional.of(TimestepSpacing.LINSPACE), dpm.timestepSpacing());
        assertEquals(Optional.empty(), dpm.varianceType());
        assertEquals(2, dpm.rawJson().get("solver_order").getAsInt());
    }

    @Test
    void pythonInfinityLiteralInAnUnusedKeyIsAccepted() throws IOException {
        // DPMSolverMultistepScheduler.save_config writes "lambda_min_clipped": -Infinity, unquoted.
        Path file = tmp.resolve("scheduler_config.json");
        Files.writeString(file, "{\"_class_name\": \"DPMSolverMultistepScheduler\","
                + " \"lambda_min_clipped\": -Infinity, \"solver_order\": 2, \"prediction_type\": \"v_prediction\"}");
        SchedulerConfig c = SchedulerConfig.read(file);
        assertEquals(PredictionType.V_PREDICTION, c.predictionType());
        assertEquals(Double.NEGATIVE_INFINITY, c.rawJson().get("lambda_min_clipped").getAsDouble());
    }

    @Test
    void emptyConfigTakesTheDiffusersDefaults() {
        SchedulerConfig c = read(new JsonObject());
        assertEquals(Optional.empty(), c.className());
        assertEquals(1000, c.numTrainTimesteps());
        assertEquals(0.0001, c.betaStart());
        assertEquals(0.02, c.betaEnd());
        assertEquals(BetaSchedule.LINEAR, c.betaSchedule());
        assertEquals(Optional.empty(), c.trainedBetas());
        assertEquals(PredictionType.EPSILON, c.predictionType());
        assertTrue(c.clipSample());
        assertEquals(1.0, c.clipSampleRange());
        assertTrue(c.setAlphaToOne());
        assertEquals(0, c.stepsOffset());
        assertEquals(Optional.empty(), c.timestepSpacing());
        assertEquals(Optional.empty(), c.varianceType());
        assertFalse(c.rescaleBetasZeroSnr());
    }

    @Test
    void trainedBetasNeedOneBetaPerTrainingTimestep() {
        JsonObject json = new JsonObject();
        json.addProperty("num_train_timesteps", 4);
        json.add("trained_betas", JsonParser.parseString("[0.1, 0.2, 0.3, 0.4]"));
        assertEquals(Optional.of(List.of(0.1, 0.2, 0.3, 0.4)), read(json).trainedBetas());

        json.add("trained_betas", JsonParser.parseString("[0.1, 0.2, 0.3]"));
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> read(json));
        assertEquals(Optional.of("trained_betas"), e.field());
        json.add("trained_betas", JsonParser.parseString("[0.1, 0.2, 1.5, 0.4]"));
        e = assertThrows(ModelConfigException.class, () -> read(json));
        assertEquals(Optional.of("trained_betas[2]"), e.field());
        json.addProperty("trained_betas", "0.1");
        e = assertThrows(ModelConfigException.class, () -> read(json));
        assertEquals(Optional.of("trained_betas"), e.field());
    }

    @Test
    void otherSupportedSchedulesAndPredictionsAreAccepted() {
        JsonObject json = new JsonObject();
        json.addProperty("beta_schedule", "squaredcos_cap_v2");
        json.addProperty("prediction_type", "sample");
        json.addProperty("timestep_spacing", "trailing");
        json.addProperty("rescale_betas_zero_snr", true);
        SchedulerConfig c = read(json);
        assertEquals(BetaSchedule.SQUAREDCOS_CAP_V2, c.betaSchedule());
        assertEquals(PredictionType.SAMPLE, c.predictionType());
        assertEquals(Optional.of(TimestepSpacing.TRAILING), c.timestepSpacing());
        assertTrue(c.rescaleBetasZeroSnr());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "beta_schedule | \"sigmoid\" | beta_schedule",
        "prediction_type | \"x0\" | prediction_type",
        "timestep_spacing | \"random\" | timestep_spacing",
        "variance_type | \"fixed\" | variance_type",
        "thresholding | true | thresholding",
        "steps_offset | 1000 | steps_offset",
        "num_train_timesteps | 0 | num_train_timesteps",
        "num_train_timesteps | 1000000 | num_train_timesteps",
        "beta_start | 0 | beta_start",
        "beta_end | 1.0 | beta_end",
        "clip_sample_range | -1 | clip_sample_range",
        "clip_sample | \"false\" | clip_sample",
        // Extremes: nothing is sized beyond 100000 training timesteps.
        "num_train_timesteps | 100001 | num_train_timesteps",
        "num_train_timesteps | 2147483647 | num_train_timesteps",
        "num_train_timesteps | 1e400 | num_train_timesteps",
        "steps_offset | 2147483647 | steps_offset",
        "clip_sample_range | 1e308 | clip_sample_range",
        "beta_end | NaN | beta_end",
        "beta_start | -Infinity | beta_start",
        "trained_betas | [0.5, 0.5] | trained_betas"})
    void invalidOrUnsupportedValuesNameTheFileAndTheField(String key, String value, String field) {
        ConfigAssertions.assertRejected(GoldenConfigs.publishedSchedulerConfig("ddim_config"), key, value,
                tmp.resolve("scheduler_config.json"), SchedulerConfig::read, field);
    }

    @Test
    void rawJsonIsACopy() {
        SchedulerConfig c = SchedulerConfig.stableDiffusion21();
        JsonObject raw = c.rawJson();
        raw.add("trained_betas", new JsonArray());
        assertTrue(c.rawJson().get("trained_betas").isJsonNull());
    }
}
