package dev.faceanon.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SamplerPlanTest {

    private static final NoiseSchedule SD21 = NoiseSchedule.stableDiffusion21();
    private static final SamplerOptions OFFICIAL = SamplerOptions.stableDiffusion21();

    /** x0 and ε of a sample the oracle model knows; several pairs cover signs and magnitudes. */
    private static final double[][] CLEAN_AND_NOISE = {{0.7, -1.3}, {-2.1, 0.4}, {0.0, 1.0}, {1.5, 2.5}};

    private static SamplingPlan plan(SamplerKind kind, SamplerOptions options, int steps) {
        return kind.sampler(SD21, options).plan(steps);
    }

    /** What a perfect model outputs for x = alpha·x0 + sigma·ε. */
    private static double oracle(PredictionType type, double alpha, double sigma, double x0, double eps) {
        switch (type) {
            case EPSILON:
                return eps;
            case V_PREDICTION:
                return alpha * eps - sigma * x0;
            case SAMPLE:
                return x0;
            default:
                throw new AssertionError(type);
        }
    }

    @Test
    void officialDdpmPlanHasTheSpecTimestepsAndNoiseEveryStep() {
        SamplingPlan p = plan(SamplerKind.DDPM, OFFICIAL, 25);
        assertEquals(SamplerKind.DDPM, p.kind());
        assertEquals(25, p.size());
        assertEquals(961, p.timesteps()[0]);
        assertEquals(1, p.timesteps()[24]);
        assertEquals(25, p.noiseDraws());
        assertEquals(1.0, p.initNoiseSigma());
        for (StepCoefficients c : p.steps()) {
            double at = SD21.alphaCumprod(c.timestep());
            // v-prediction: x0 = sqrt(ᾱ)·x − sqrt(1−ᾱ)·v.
            assertEquals(Math.sqrt(at), c.x0FromSample(), 1e-15);
            assertEquals(-Math.sqrt(1 - at), c.x0FromModel(), 1e-15);
            assertFalse(c.clipsX0());
            assertEquals(0, c.prevFromModel());
            assertFalse(c.usesPreviousX0());
            assertEquals(1, c.order());
        }
    }

    @Test
    void lastOfficialDdpmStepReturnsX0PlusFlooredNoise() {
        StepCoefficients last = plan(SamplerKind.DDPM, OFFICIAL, 25).step(24);
        assertEquals(1, last.timestep());
        // ᾱ_prev = 1: the posterior mean is x0 itself and the variance 0, floored at 1e-20.
        assertEquals(0, last.prevFromSample(), 0);
        assertEquals(1, last.prevFromX0(), 1e-15);
        assertEquals(1e-10, last.prevFromNoise(), 1e-25);
        assertTrue(last.needsNoise());
        assertEquals(0f, plan(SamplerKind.DDPM, OFFICIAL, 25).sigmas()[25], "lands on the clean sample");
    }

    @Test
    void ddpmWithoutOffsetEndsAtTimestepZeroWithoutNoise() {
        SamplingPlan p = plan(SamplerKind.DDPM, OFFICIAL.withStepsOffset(0), 10);
        StepCoefficients last = p.step(9);
        assertEquals(0, last.timestep());
        assertFalse(last.needsNoise());
        assertEquals(0, last.prevFromNoise());
        assertEquals(9, p.noiseDraws());
    }

    @ParameterizedTest
    @EnumSource(PredictionType.class)
    void ddpmPosteriorIsConsistentWithTheForwardProcess(PredictionType type) {
        SamplingPlan p = plan(SamplerKind.DDPM, OFFICIAL.withPredictionType(type), 50);
        for (StepCoefficients c : p.steps()) {
            double at = SD21.alphaCumprod(c.timestep());
            int prev = c.timestep() - 20;
            double ap = prev >= 0 ? SD21.alphaCumprod(prev) : 1;
            for (double[] xe : CLEAN_AND_NOISE) {
                double x = Math.sqrt(at) * xe[0] + Math.sqrt(1 - at) * xe[1];
                double m = oracle(type, Math.sqrt(at), Math.sqrt(1 - at), xe[0], xe[1]);
                double[] noiseless = c.apply(x, m, 0, 0);
                assertEquals(xe[0], noiseless[1], 1e-9, "x0 at t=" + c.timestep());
                // The posterior mean keeps sqrt(ᾱ_prev)·x0 as signal ...
                double signal = c.prevFromX0() + c.prevFromSample() * Math.sqrt(at);
                assertEquals(Math.sqrt(ap), signal, 1e-12, "t=" + c.timestep());
            }
            // ... and mean noise plus added noise restore the marginal variance 1 − ᾱ_prev.
            double meanNoise = c.prevFromSample() * Math.sqrt(1 - at);
            assertEquals(1 - ap, meanNoise * meanNoise + c.prevFromNoise() * c.prevFromNoise(), 1e-12,
                    "t=" + c.timestep());
        }
    }

    @Test
    void ddpmFixedLargeUsesTheStepBeta() {
        StepCoefficients c = plan(SamplerKind.DDPM, OFFICIAL.withVarianceType(VarianceType.FIXED_LARGE), 50).step(3);
        double beta = 1 - SD21.alphaCumprod(c.timestep()) / (double) SD21.alphaCumprod(c.timestep() - 20);
        assertEquals(Math.sqrt(beta), c.prevFromNoise(), 1e-15);
        StepCoefficients small = plan(SamplerKind.DDPM, OFFICIAL.withVarianceType(VarianceType.FIXED_SMALL_LOG), 50)
                .step(3);
        assertEquals(plan(SamplerKind.DDPM, OFFICIAL, 50).step(3), small);
    }

    @ParameterizedTest
    @EnumSource(PredictionType.class)
    void ddimWithEtaZeroAndAPerfectModelFollowsTheForwardProcess(PredictionType type) {
        SamplingPlan p = plan(SamplerKind.DDIM, OFFICIAL.withPredictionType(type), 20);
        assertEquals(0, p.noiseDraws());
        for (double[] xe : CLEAN_AND_NOISE) {
            double at = SD21.alphaCumprod(p.step(0).timestep());
            double x = Math.sqrt(at) * xe[0] + Math.sqrt(1 - at) * xe[1];
            for (StepCoefficients c : p.steps()) {
                double a = SD21.alphaCumprod(c.timestep());
                double m = oracle(type, Math.sqrt(a), Math.sqrt(1 - a), xe[0], xe[1]);
                double[] r = c.apply(x, m, Double.NaN, Double.NaN);
                assertEquals(xe[0], r[1], 1e-9, "x0 at t=" + c.timestep());
                x = r[0];
            }
            // set_alpha_to_one false: the last step lands on ᾱ_0, not on the clean sample.
            double a0 = SD21.alphaCumprod(0);
            assertEquals(Math.sqrt(a0) * xe[0] + Math.sqrt(1 - a0) * xe[1], x, 1e-9);
        }
        assertEquals(SD21.sigma(0), p.sigmas()[20]);
        assertEquals(0f, plan(SamplerKind.DDIM, OFFICIAL.withSetAlphaToOne(true), 20).sigmas()[20]);
    }

    @Test
    void ddimWithEtaOneHasDdpmNoise() {
        SamplingPlan ddim = plan(SamplerKind.DDIM, OFFICIAL.withEta(1).withSetAlphaToOne(true), 25);
        SamplingPlan ddpm = plan(SamplerKind.DDPM, OFFICIAL, 25);
        assertEquals(25, ddim.noiseDraws());
        for (int i = 0; i < 24; i++) {
            assertEquals(ddpm.step(i).prevFromNoise(), ddim.step(i).prevFromNoise(), 1e-12, "step " + i);
        }
        // The last step lands on ᾱ = 1: DDIM's variance is 0 there (no floor), yet it still draws.
        assertEquals(0, ddim.step(24).prevFromNoise(), 1e-15);
        assertTrue(ddim.step(24).needsNoise());
    }

    @Test
    void ddimSampleEpsilonUsesTheUnclippedPrediction() {
        SamplingPlan p = plan(SamplerKind.DDIM, OFFICIAL.withPredictionType(PredictionType.SAMPLE)
                .withClipSample(1.0), 10);
        StepCoefficients c = p.step(2);
        double at = SD21.alphaCumprod(c.timestep());
        double ap = SD21.alphaCumprod(c.timestep() - 100);
        double x = 0.3;
        double m = 3.0;
        double eps = (x - Math.sqrt(at) * m) / Math.sqrt(1 - at);
        double[] r = c.apply(x, m, 0, 0);
        assertEquals(1.0, r[1], 0, "x0 clamped to the range");
        assertEquals(Math.sqrt(ap) * 1.0 + Math.sqrt(1 - ap) * eps, r[0], 1e-12);
    }

    @ParameterizedTest
    @EnumSource(PredictionType.class)
    void dpmSolverWithAPerfectModelFollowsTheForwardProcess(PredictionType type) {
        for (FinalSigma last : FinalSigma.values()) {
            SamplingPlan p = plan(SamplerKind.DPM_SOLVER_PP_2M, OFFICIAL.withPredictionType(type).withFinalSigma(last),
                    20);
            float[] sigmas = p.sigmas();
            for (double[] xe : CLEAN_AND_NOISE) {
                double x = scaleOf(sigmas[0], true) * xe[0] + scaleOf(sigmas[0], false) * xe[1];
                double previousX0 = Double.NaN;
                for (StepCoefficients c : p.steps()) {
                    double s = sigmas[c.index()];
                    double m = oracle(type, scaleOf(s, true), scaleOf(s, false), xe[0], xe[1]);
                    double[] r = c.apply(x, m, previousX0, Double.NaN);
                    assertEquals(xe[0], r[1], 1e-9, "x0 at step " + c.index());
                    x = r[0];
                    previousX0 = r[1];
                    double next = sigmas[c.index() + 1];
                    assertEquals(scaleOf(next, true) * xe[0] + scaleOf(next, false) * xe[1], x, 1e-9,
                            last + " step " + c.index());
                }
            }
        }
    }

    /** In DPM-Solver's parametrisation x = α·x0 + s·ε with α = 1/sqrt(σ²+1), s = σ·α. */
    private static double scaleOf(double sigma, boolean signal) {
        double alpha = 1 / Math.sqrt(sigma * sigma + 1);
        return signal ? alpha : sigma * alpha;
    }

    @Test
    void dpmSolverEndsAtSigmaOfTimestepZeroByDefault() {
        SamplingPlan p = plan(SamplerKind.DPM_SOLVER_PP_2M, OFFICIAL, 20);
        assertArrayEquals(new int[] {999, 949, 899, 849, 799, 749, 699, 649, 599, 549, 500, 450, 400, 350, 300, 250,
            200, 150, 100, 50}, p.timesteps());
        assertEquals(SD21.sigma(0), p.sigmas()[20]);
        assertEquals(0.0292, p.sigmas()[20], 1e-4);
        assertEquals(0, p.noiseDraws());
        SamplingPlan zero = plan(SamplerKind.DPM_SOLVER_PP_2M, OFFICIAL.withFinalSigma(FinalSigma.ZERO), 20);
        StepCoefficients end = zero.step(19);
        assertEquals(0f, zero.sigmas()[20]);
        assertEquals(1, end.order());
        assertEquals(0, end.prevFromSample());
        assertEquals(1, end.prevFromX0());
        assertEquals(0, end.prevFromPreviousX0());
    }

    @Test
    void dpmSolverOrdersFollowDiffusers025() {
        assertEquals(List.of(1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2),
                orders(OFFICIAL, 20), "lower_order_final only applies below 15 steps");
        assertEquals(List.of(1, 2, 2, 2, 2, 2, 2, 2, 2, 1), orders(OFFICIAL, 10));
        assertEquals(1, orders(OFFICIAL, 14).get(13));
        assertEquals(2, orders(OFFICIAL, 15).get(14));
        assertEquals(2, orders(OFFICIAL.withLowerOrderFinal(false), 10).get(9));
        assertEquals(1, orders(OFFICIAL.withEulerAtFinal(true), 20).get(19));
        assertEquals(List.of(1), orders(OFFICIAL, 1));
        assertEquals(List.of(1, 1), orders(OFFICIAL, 2));
        for (StepCoefficients c : plan(SamplerKind.DPM_SOLVER_PP_2M, OFFICIAL, 20).steps()) {
            assertEquals(c.order() == 2, c.usesPreviousX0());
            assertFalse(c.needsNoise());
            assertFalse(c.clipsX0(), "DPM-Solver ignores clip_sample");
        }
    }

    private static List<Integer> orders(SamplerOptions options, int steps) {
        return plan(SamplerKind.DPM_SOLVER_PP_2M, options, steps).steps().stream().map(StepCoefficients::order)
                .toList();
    }

    @Test
    void dpmSolverSecondOrderStepIsTheMidpointUpdate() {
        SamplingPlan p = plan(SamplerKind.DPM_SOLVER_PP_2M, OFFICIAL, 20);
        float[] s = p.sigmas();
        for (int i = 1; i < 20; i++) {
            StepCoefficients c = p.step(i);
            // DPM-Solver++ paper, multistep 2M: D1 = (D0 − D_prev)/r, x' = (s_t/s_s)·x − A·D0 − A·D1/2.
            double lambdaT = -Math.log(s[i + 1]);
            double lambdaS = -Math.log(s[i]);
            double lambdaPrev = -Math.log(s[i - 1]);
            double h = lambdaT - lambdaS;
            double r = (lambdaS - lambdaPrev) / h;
            double alphaT = scaleOf(s[i + 1], true);
            double a = alphaT * (Math.exp(-h) - 1);
            double x = 0.37;
            double m = -0.81;
            double previousX0 = 1.23;
            double d0 = c.x0FromSample() * x + c.x0FromModel() * m;
            double d1 = (d0 - previousX0) / r;
            double expected = scaleOf(s[i + 1], false) / scaleOf(s[i], false) * x - a * d0 - 0.5 * a * d1;
            assertEquals(2, c.order());
            assertEquals(expected, c.apply(x, m, previousX0, Double.NaN)[0], 1e-12, "step " + i);
        }
    }

    @Test
    void dpmSolverFirstStepIsDdim() {
        // DPM-Solver++ first order is DDIM with eta 0 between the same two noise levels.
        SamplingPlan p = plan(SamplerKind.DPM_SOLVER_PP_2M, OFFICIAL.withSpacing(TimestepSpacing.LEADING), 9);
        StepCoefficients c = p.step(0);
        float[] s = p.sigmas();
        double alphaT = scaleOf(s[1], true);
        double scaleT = scaleOf(s[1], false);
        double scaleS = scaleOf(s[0], false);
        assertEquals(scaleT / scaleS, c.prevFromSample(), 1e-12);
        assertEquals(alphaT - scaleOf(s[0], true) * scaleT / scaleS, c.prevFromX0(), 1e-12);
    }

    @Test
    void clippingAppliesToDdpmAndDdim() {
        SamplerOptions clip = OFFICIAL.withClipSample(1.5);
        assertEquals(1.5, plan(SamplerKind.DDPM, clip, 10).step(0).x0Clip());
        assertEquals(1.5, plan(SamplerKind.DDIM, clip, 10).step(0).x0Clip());
        double[] r = plan(SamplerKind.DDPM, clip, 10).step(0).apply(0, -100, 0, 0);
        assertEquals(1.5, r[1]);
    }

    @Test
    void zeroTerminalSnrWorksWithVPredictionOnlyWhereDefined() {
        NoiseSchedule zsnr = SD21.rescaledToZeroTerminalSnr();
        SamplerOptions trailing = OFFICIAL.withSpacing(TimestepSpacing.TRAILING);
        SamplingPlan ddim = SamplerKind.DDIM.sampler(zsnr, trailing).plan(10);
        assertEquals(999, ddim.step(0).timestep());
        assertEquals(0, ddim.step(0).x0FromSample(), "pure noise carries no signal");
        assertEquals(-1, ddim.step(0).x0FromModel(), 0, "x0 = −v at zero SNR");
        assertMessage("epsilon", () -> SamplerKind.DDPM.sampler(zsnr,
                trailing.withPredictionType(PredictionType.EPSILON)).plan(10));
        assertMessage("use DDIM or DDPM", () -> SamplerKind.DPM_SOLVER_PP_2M.sampler(zsnr, OFFICIAL).plan(10));
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void recommendedStepCountsPlanForTheOfficialConfig(SamplerKind kind) {
        SamplingPlan p = plan(kind, OFFICIAL, kind.recommendedSteps());
        assertEquals(kind.recommendedSteps(), p.size());
        assertEquals(kind == SamplerKind.DDPM ? p.size() : 0, p.noiseDraws());
        assertEquals(RecommendedSteps.DDPM_IN_THE_WILD, plan(SamplerKind.DDPM, OFFICIAL,
                RecommendedSteps.DDPM_IN_THE_WILD).size());
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void stepCountsOutsideTheTrainedRangeAreRejected(SamplerKind kind) {
        Sampler s = kind.sampler(SD21, OFFICIAL);
        assertEquals(kind, s.kind());
        assertEquals(SD21, s.schedule());
        assertEquals(OFFICIAL, s.options());
        assertMessage("[1, 1000]", () -> s.plan(0));
        assertMessage("[1, 1000]", () -> s.plan(1001));
        assertMessage("steps_offset", () -> kind.sampler(SD21, OFFICIAL.withStepsOffset(1000)).plan(10));
    }

    private static void assertMessage(String fragment, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
