package dev.faceanon.djl.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.config.SchedulerConfig;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.sampling.BetaSchedule;
import dev.faceanon.sampling.FinalSigma;
import dev.faceanon.sampling.NoiseSchedule;
import dev.faceanon.sampling.PredictionType;
import dev.faceanon.sampling.Sampler;
import dev.faceanon.sampling.SamplerKind;
import dev.faceanon.sampling.SamplerOptions;
import dev.faceanon.sampling.TimestepSpacing;
import dev.faceanon.sampling.VarianceType;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SchedulerConfigSamplersTest {

    private static final Path SOURCE = Path.of("test", "scheduler_config.json");

    private static SchedulerConfig sd21With(String key, String jsonValue) {
        JsonObject json = SchedulerConfig.stableDiffusion21().rawJson();
        json.add(key, JsonParser.parseString(jsonValue));
        return SchedulerConfig.fromJson(json, SOURCE);
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void stableDiffusion21ConfigGivesTheOfficialOptions(SamplerKind kind) {
        Sampler s = SchedulerConfigSamplers.create(SchedulerConfig.stableDiffusion21(), kind);
        assertEquals(kind, s.kind());
        assertEquals(NoiseSchedule.stableDiffusion21(), s.schedule());
        assertEquals(SamplerOptions.stableDiffusion21(), s.options());
    }

    @Test
    void classDefaultsApplyToAbsentKeysAndPresentKeysWin() {
        SchedulerConfig sd21 = SchedulerConfig.stableDiffusion21();
        assertEquals(TimestepSpacing.LINSPACE, SchedulerConfigSamplers.create(sd21, SamplerKind.DPM_SOLVER_PP_2M)
                .options().spacingFor(SamplerKind.DPM_SOLVER_PP_2M));
        SchedulerConfig leading = sd21With("timestep_spacing", "\"leading\"");
        assertEquals(801, SchedulerConfigSamplers.create(leading, SamplerKind.DPM_SOLVER_PP_2M).plan(4).timesteps()[0]);
        SchedulerConfig empty = SchedulerConfig.fromJson(new JsonObject(), SOURCE);
        Sampler ddim = SchedulerConfigSamplers.create(empty, SamplerKind.DDIM);
        assertEquals(PredictionType.EPSILON, ddim.options().predictionType());
        assertTrue(ddim.options().clipSample(), "diffusers' clip_sample defaults to true");
        assertEquals(1.0, ddim.options().clipSampleRange());
        assertTrue(ddim.options().setAlphaToOne());
        assertEquals(NoiseSchedule.of(1000, 1e-4, 0.02, BetaSchedule.LINEAR), ddim.schedule());
    }

    @Test
    void ddpmVarianceTypesMapOrAreRejected() {
        assertEquals(VarianceType.FIXED_LARGE, SchedulerConfigSamplers.create(
                sd21With("variance_type", "\"fixed_large\""), SamplerKind.DDPM).options().varianceType());
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> SchedulerConfigSamplers.create(
                sd21With("variance_type", "\"learned_range\""), SamplerKind.DDPM));
        assertEquals(Optional.of("variance_type"), e.field());
        // DDIM has no variance_type key: ignored there, as diffusers ignores it.
        SchedulerConfigSamplers.create(sd21With("variance_type", "\"learned_range\""), SamplerKind.DDIM);
    }

    @Test
    void trainedBetasAndZeroSnrRescaling() {
        JsonObject json = new JsonObject();
        json.addProperty("num_train_timesteps", 4);
        json.add("trained_betas", JsonParser.parseString("[0.1, 0.2, 0.3, 0.4]"));
        json.addProperty("rescale_betas_zero_snr", true);
        json.addProperty("prediction_type", "v_prediction");
        SchedulerConfig config = SchedulerConfig.fromJson(json, SOURCE);
        Sampler ddim = SchedulerConfigSamplers.create(config, SamplerKind.DDIM);
        assertEquals(NoiseSchedule.fromBetas(new double[] {0.1, 0.2, 0.3, 0.4}).rescaledToZeroTerminalSnr(),
                ddim.schedule());
        assertEquals(0f, ddim.schedule().alphaCumprod(3));
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> SchedulerConfigSamplers.create(config, SamplerKind.DPM_SOLVER_PP_2M));
        assertEquals(Optional.of("rescale_betas_zero_snr"), e.field());
        assertTrue(e.getMessage().contains("DDIM or DDPM"), e.getMessage());
    }

    @Test
    void dpmSolverKeysAreHonoured() {
        Sampler s = SchedulerConfigSamplers.create(sd21With("final_sigmas_type", "\"zero\""),
                SamplerKind.DPM_SOLVER_PP_2M);
        assertEquals(FinalSigma.ZERO, s.options().finalSigma());
        assertFalse(SchedulerConfigSamplers.create(sd21With("lower_order_final", "false"),
                SamplerKind.DPM_SOLVER_PP_2M).options().lowerOrderFinal());
        assertTrue(SchedulerConfigSamplers.create(sd21With("euler_at_final", "true"),
                SamplerKind.DPM_SOLVER_PP_2M).options().eulerAtFinal());
        // diffusers maps other solvers' names onto its own.
        SchedulerConfigSamplers.create(sd21With("solver_type", "\"bh2\""), SamplerKind.DPM_SOLVER_PP_2M);
        SchedulerConfigSamplers.create(sd21With("algorithm_type", "\"deis\""), SamplerKind.DPM_SOLVER_PP_2M);
        SchedulerConfigSamplers.create(sd21With("lambda_min_clipped", "-Infinity"), SamplerKind.DPM_SOLVER_PP_2M);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "solver_order | 3",
        "solver_type | \"heun\"",
        "algorithm_type | \"sde-dpmsolver++\"",
        "use_karras_sigmas | true",
        "use_lu_lambdas | true",
        "lambda_min_clipped | -5.1",
        "variance_type | \"learned\"",
        "final_sigmas_type | \"max\""})
    void unsupportedDpmSolverSettingsNameTheKey(String key, String value) {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> SchedulerConfigSamplers.create(sd21With(key, value), SamplerKind.DPM_SOLVER_PP_2M));
        assertEquals(Optional.of(key), e.field());
        // The same keys mean nothing to DDIM, which ignores them.
        SchedulerConfigSamplers.create(sd21With(key, value), SamplerKind.DDIM);
    }
}
