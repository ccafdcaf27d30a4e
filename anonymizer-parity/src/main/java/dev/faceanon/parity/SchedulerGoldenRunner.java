package dev.faceanon.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.SchedulerConfig;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.golden.Tolerance;
import dev.faceanon.djl.sampling.SamplerStepper;
import dev.faceanon.djl.sampling.SchedulerConfigSamplers;
import dev.faceanon.djl.sampling.StepResult;
import dev.faceanon.sampling.Sampler;
import dev.faceanon.sampling.SamplerKind;
import dev.faceanon.sampling.SamplingPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reproduces {@code scheduler} (golden README §4.5): the DDPM noise schedule and timesteps, and
 * the DDPM (replayed noise), DDIM and DPM-Solver++ (2M) loops driven by the fake model
 * {@code m = 0.1·x + c} from {@code input.x_init}, comparing every step. The loops never read the
 * recorded step inputs, which the held-out set omits.
 */
public final class SchedulerGoldenRunner implements GoldenRunner {
    /** The case this runner reproduces. */
    public static final String CASE = "scheduler";
    /** Timesteps are integers: exact. */
    public static final Tolerance EXACT = new Tolerance(0, 0);

    /** Creates the runner; it keeps no state between cases. */
    public SchedulerGoldenRunner() {
    }

    @Override
    public boolean handles(String caseName) {
        return CASE.equals(caseName);
    }

    /**
     * @param golden the case
     * @param configKey {@code ddpm_config}, {@code ddim_config} or {@code dpmpp2m_config}
     * @param kind the sampler
     * @return the sampler built from that config as diffusers' {@code from_config} would
     */
    public static Sampler sampler(GoldenCase golden, String configKey, SamplerKind kind) {
        Path source = golden.tensorFile().resolveSibling(golden.name() + ".json#" + configKey);
        return SchedulerConfigSamplers.create(
                SchedulerConfig.fromJson(golden.sidecar().getAsJsonObject(configKey), source), kind);
    }

    @Override
    public List<TensorCheck> run(GoldenDirectory dir, GoldenCase golden) {
        List<TensorCheck> checks = new ArrayList<>();
        Sampler ddpm = sampler(golden, "ddpm_config", SamplerKind.DDPM);
        checks.add(floats(golden, "ddpm.betas", ddpm.schedule().betas(), ParityTolerances.SCHEDULE_TABLE));
        checks.add(floats(golden, "ddpm.alphas_cumprod", ddpm.schedule().alphasCumprod(),
                ParityTolerances.SCHEDULE_TABLE));
        for (String name : golden.namesWithPrefix("ddpm.timesteps.")) {
            int steps = Integer.parseInt(name.substring("ddpm.timesteps.".length()));
            checks.add(ints(golden, name, ddpm.plan(steps).timesteps()));
        }
        loop(golden, checks, ddpm, "ddpm_loop.timesteps", "ddpm_loop.step.", "ddpm_loop.noise.", true);
        loop(golden, checks, sampler(golden, "ddim_config", SamplerKind.DDIM), "ddim.timesteps", "ddim.step.", null,
                true);
        Sampler dpm = sampler(golden, "dpmpp2m_config", SamplerKind.DPM_SOLVER_PP_2M);
        SamplingPlan dpmPlan = loop(golden, checks, dpm, "dpmpp2m.timesteps", "dpmpp2m.step.", null, false);
        // Same float32 operations as diffusers; sigma reaches 14.6, so compare relative to it.
        checks.add(floats(golden, "dpmpp2m.sigmas", dpmPlan.sigmas(), new Tolerance(0, 1e-7)));
        return checks;
    }

    private static SamplingPlan loop(GoldenCase golden, List<TensorCheck> checks, Sampler sampler, String timesteps,
            String prefix, String noisePrefix, boolean hasX0) {
        SamplingPlan plan = sampler.plan(golden.longs(timesteps).length);
        checks.add(ints(golden, timesteps, plan.timesteps()));
        try (NDManager m = NDManager.newBaseManager(); SamplerStepper stepper = new SamplerStepper(plan, m)) {
            NDArray c = golden.array("input.c", m, DataType.FLOAT32);
            NDArray x = golden.array("input.x_init", m, DataType.FLOAT32).mul((float) plan.initNoiseSigma());
            for (int i = 0; i < plan.size(); i++) {
                String step = prefix + i + ".";
                NDArray modelOutput = x.mul(0.1f).add(c);
                NDArray noise = noisePrefix == null ? null : golden.array(noisePrefix + i, m, DataType.FLOAT32);
                StepResult r = stepper.step(x, modelOutput, noise);
                if (hasX0) {
                    checks.add(GoldenRunners.check(golden, step + "pred_original_sample", r.predictedOriginal(),
                            ParityTolerances.SAMPLER_LOOP));
                }
                checks.add(GoldenRunners.check(golden, step + "prev_sample", r.prevSample(),
                        ParityTolerances.SAMPLER_LOOP));
                x = r.prevSample();
            }
        }
        return plan;
    }

    private static TensorCheck floats(GoldenCase golden, String name, float[] actual, Tolerance tolerance) {
        return new TensorCheck(name, tolerance.compare(actual, golden.floats(name)));
    }

    private static TensorCheck ints(GoldenCase golden, String name, int[] actual) {
        long[] expected = golden.longs(name);
        float[] a = new float[actual.length];
        float[] b = new float[expected.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = actual[i];
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = expected[i];
        }
        if (a.length != b.length) {
            throw new IllegalStateException(name + ": " + a.length + " timesteps, expected " + b.length);
        }
        return new TensorCheck(name, EXACT.compare(a, b));
    }
}
