package dev.faceanon.djl.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.sampling.NoiseSchedule;
import dev.faceanon.sampling.PredictionType;
import dev.faceanon.sampling.SamplerKind;
import dev.faceanon.sampling.SamplerOptions;
import dev.faceanon.sampling.SamplingPlan;
import dev.faceanon.sampling.StepCoefficients;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tensor application of plans against the scalar reference {@link StepCoefficients#apply}, and
 * the stepper's contract: noise consumption, state, ownership, precision and misuse.
 */
class SamplerStepperTest {

    private static final Shape SHAPE = new Shape(2, 4, 3, 5);
    private static final SamplerOptions OFFICIAL = SamplerOptions.stableDiffusion21();

    private static SamplingPlan plan(SamplerKind kind, SamplerOptions options, int steps) {
        return kind.sampler(NoiseSchedule.stableDiffusion21(), options).plan(steps);
    }

    private static float[] gaussian(Random r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextGaussian();
        }
        return out;
    }

    /**
     * A whole run with an arbitrary model (m = sin-like function of x), checked element by element
     * against the double-precision scalar reference run on the same inputs.
     */
    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void tensorStepsMatchTheScalarReference(SamplerKind kind) {
        for (PredictionType type : PredictionType.values()) {
            SamplingPlan plan = plan(kind, OFFICIAL.withPredictionType(type).withClipSample(1.0), 12);
            Random random = new Random(7 + type.ordinal());
            int n = (int) SHAPE.size();
            try (NDManager m = NDManager.newBaseManager(); SamplerStepper stepper = new SamplerStepper(plan, m)) {
                float[] xs = gaussian(random, n);
                double[] ref = new double[n];
                double[] refPrevX0 = new double[n];
                for (int i = 0; i < n; i++) {
                    ref[i] = xs[i];
                }
                NDArray x = m.create(xs, SHAPE);
                while (!stepper.isFinished()) {
                    StepCoefficients c = stepper.current();
                    float[] xNow = x.toFloatArray();
                    float[] model = new float[n];
                    for (int i = 0; i < n; i++) {
                        model[i] = (float) Math.sin(1.3 * xNow[i] + 0.1 * i);
                    }
                    float[] noise = gaussian(random, n);
                    StepResult r = stepper.step(x, m.create(model, SHAPE), () -> m.create(noise, SHAPE));
                    float[] prev = r.prevSample().toFloatArray();
                    float[] x0 = r.predictedOriginal().toFloatArray();
                    for (int i = 0; i < n; i++) {
                        // Same inputs per step (this port's float32 x), so only one step's rounding differs.
                        double[] expected = c.apply(xNow[i], model[i], refPrevX0[i], noise[i]);
                        assertEquals(expected[0], prev[i], 2e-6 * Math.max(1, Math.abs(expected[0])),
                                kind + " " + type + " step " + c.index() + " element " + i);
                        assertEquals(expected[1], x0[i], 2e-6 * Math.max(1, Math.abs(expected[1])));
                        refPrevX0[i] = x0[i];
                    }
                    if (c.clipsX0()) {
                        for (float v : x0) {
                            assertTrue(Math.abs(v) <= c.x0Clip(), "x0 clamped to ±" + c.x0Clip() + ": " + v);
                        }
                    }
                    x = r.prevSample();
                }
            }
        }
    }

    @Test
    void supplierIsCalledExactlyForTheStepsThatDrawNoiseAndItsArraysAreClosed() {
        for (SamplerKind kind : SamplerKind.values()) {
            SamplingPlan plan = plan(kind, OFFICIAL, 6);
            AtomicInteger calls = new AtomicInteger();
            List<NDArray> drawn = new ArrayList<>();
            try (NDManager m = NDManager.newBaseManager(); SamplerStepper s = new SamplerStepper(plan, m)) {
                NDArray x = m.ones(SHAPE);
                while (!s.isFinished()) {
                    NDArray model = m.zeros(SHAPE);
                    StepResult r = s.step(x, model, () -> {
                        calls.incrementAndGet();
                        NDArray e = m.randomNormal(SHAPE);
                        drawn.add(e);
                        return e;
                    });
                    assertFalse(x.isReleased(), "inputs stay open");
                    assertFalse(model.isReleased());
                    assertSame(m, r.prevSample().getManager(), "results belong to the sample's manager");
                    assertSame(m, r.predictedOriginal().getManager());
                    x = r.prevSample();
                }
            }
            assertEquals(plan.noiseDraws(), calls.get(), kind.toString());
            assertTrue(drawn.stream().allMatch(NDArray::isReleased), "the step closes supplied noise");
        }
    }

    @Test
    void explicitNoiseMustMatchTheStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(SHAPE);
            NDArray e = m.ones(SHAPE);
            try (SamplerStepper ddpm = new SamplerStepper(plan(SamplerKind.DDPM, OFFICIAL, 3), m)) {
                assertThrows(IllegalStateException.class, () -> ddpm.step(x, x));
                assertThrows(IllegalArgumentException.class, () -> ddpm.step(x, x, (NDArray) null));
                assertEquals(0, ddpm.stepIndex(), "a rejected call does not advance");
                ddpm.step(x, x, e);
                assertFalse(e.isReleased(), "caller-owned noise is not closed");
            }
            try (SamplerStepper ddim = new SamplerStepper(plan(SamplerKind.DDIM, OFFICIAL, 3), m)) {
                assertThrows(IllegalArgumentException.class, () -> ddim.step(x, x, e));
                ddim.step(x, x);
                ddim.step(x, x, (NDArray) null);
                ddim.step(x, x, () -> {
                    throw new AssertionError("DDIM with eta 0 must not ask for noise");
                });
                assertTrue(ddim.isFinished());
                assertThrows(IllegalStateException.class, ddim::current);
                assertThrows(IllegalStateException.class, () -> ddim.step(x, x));
            }
        }
    }

    @Test
    void operandsAreChecked() {
        try (NDManager m = NDManager.newBaseManager();
                SamplerStepper s = new SamplerStepper(plan(SamplerKind.DPM_SOLVER_PP_2M, OFFICIAL, 4), m)) {
            NDArray x = m.ones(SHAPE);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.step(x, m.ones(new Shape(2, 4, 5, 3))));
            assertTrue(e.getMessage().contains("shape"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.step(x, m.ones(SHAPE, DataType.INT32)));
            assertTrue(e.getMessage().contains("float16, float32 or float64"), e.getMessage());
            s.step(x, x);
            // The second step reads the kept x0, which has the first step's shape.
            NDArray other = m.ones(new Shape(1, 4, 3, 5));
            e = assertThrows(IllegalArgumentException.class, () -> s.step(other, other));
            assertTrue(e.getMessage().contains("previous step"), e.getMessage());
            s.close();
            assertThrows(IllegalStateException.class, () -> s.step(x, x));
        }
    }

    @Test
    void multistepStateIsKeptOnlyWhileNeededAndSurvivesCallerScopes() {
        SamplingPlan plan = plan(SamplerKind.DPM_SOLVER_PP_2M, OFFICIAL, 10);
        try (NDManager m = NDManager.newBaseManager(); SamplerStepper s = new SamplerStepper(plan, m)) {
            NDArray x = m.ones(SHAPE).mul(0.5f);
            while (!s.isFinished()) {
                // Each step's inputs and outputs live in a scope the caller closes right after the step.
                try (NDManager step = m.newSubManager()) {
                    NDArray xi = x.duplicate();
                    xi.attach(step);
                    NDArray model = xi.mul(-0.2f);
                    StepResult r = s.step(xi, model);
                    NDArray kept = r.prevSample().duplicate();
                    kept.attach(m);
                    x.close();
                    x = kept;
                }
            }
            assertTrue(Float.isFinite(x.toFloatArray()[0]));
        }
    }

    @Test
    void float16LatentsAreUpdatedInFloat32AndReturnedAsFloat16() {
        SamplingPlan plan = plan(SamplerKind.DDIM, OFFICIAL, 5);
        try (NDManager m = NDManager.newBaseManager();
                SamplerStepper half = new SamplerStepper(plan, m);
                SamplerStepper full = new SamplerStepper(plan, m)) {
            Random random = new Random(3);
            NDArray x32 = m.create(gaussian(random, (int) SHAPE.size()), SHAPE);
            NDArray x16 = x32.toType(DataType.FLOAT16, false);
            while (!half.isFinished()) {
                NDArray model16 = x16.toType(DataType.FLOAT32, false).mul(0.1f).toType(DataType.FLOAT16, false);
                StepResult r16 = half.step(x16, model16);
                StepResult r32 = full.step(x16.toType(DataType.FLOAT32, false),
                        model16.toType(DataType.FLOAT32, false));
                assertEquals(DataType.FLOAT16, r16.prevSample().getDataType());
                assertEquals(DataType.FLOAT16, r16.predictedOriginal().getDataType());
                float[] a = r16.prevSample().toType(DataType.FLOAT32, false).toFloatArray();
                float[] b = r32.prevSample().toFloatArray();
                for (int i = 0; i < a.length; i++) {
                    // Same float16 inputs: only the final rounding to float16 differs (half an ulp, 2^-11 relative).
                    assertEquals(b[i], a[i], Math.abs(b[i]) * 0x1p-11 + 1e-7, "element " + i);
                }
                assertNotSame(x16, r16.prevSample());
                x16 = r16.prevSample();
            }
        }
    }
}
