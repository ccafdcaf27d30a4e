package dev.faceanon.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

    @Test
    void stableDiffusion21MatchesTheSpecValues() {
        NoiseSchedule s = NoiseSchedule.stableDiffusion21();
        assertEquals(1000, s.numTrainTimesteps());
        // Spec §4.2, printed to 8 digits from torch float32.
        assertEquals(0.99914998, s.alphaCumprod(0), 5e-9);
        assertEquals(0.99829602, s.alphaCumprod(1), 5e-9);
        assertEquals(0.00466010, s.alphaCumprod(999), 5e-9);
        // Golden dpmpp2m.sigmas[20]: sigma of timestep 0.
        assertEquals(0.02916753f, s.sigma(0), 1e-8f);
        assertEquals(14.614645f, s.sigma(999), 1e-5f);
        assertEquals(s, NoiseSchedule.of(1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR));
    }

    @Test
    void scaledLinearSquaresEvenlySpacedRoots() {
        NoiseSchedule s = NoiseSchedule.stableDiffusion21();
        double r0 = Math.sqrt(0.00085);
        double r1 = Math.sqrt(0.012);
        for (int t = 0; t < 1000; t++) {
            double root = r0 + (r1 - r0) * t / 999;
            // float32 spacing and squaring: within a few float ulps (~1e-9 at 0.012).
            assertEquals(root * root, s.beta(t), 4e-9, "t=" + t);
        }
    }

    @Test
    void linearScheduleHitsBothEndsExactly() {
        NoiseSchedule s = NoiseSchedule.of(1000, 1e-4, 0.02, BetaSchedule.LINEAR);
        assertEquals((float) 1e-4, s.beta(0));
        assertEquals((float) 0.02, s.beta(999));
        for (int t = 1; t < 1000; t++) {
            assertTrue(s.beta(t) >= s.beta(t - 1), "non-decreasing at " + t);
            assertEquals(1e-4 + (0.02 - 1e-4) * t / 999, s.beta(t), 4e-9, "t=" + t);
        }
        assertArrayEquals(new float[] {(float) 0.3}, NoiseSchedule.of(1, 0.3, 0.5, BetaSchedule.LINEAR).betas());
        assertArrayEquals(new float[] {(float) 0.3, (float) 0.5},
                NoiseSchedule.of(2, 0.3, 0.5, BetaSchedule.LINEAR).betas());
    }

    @Test
    void alphaCumprodIsTheProductOfOneMinusBeta() {
        NoiseSchedule s = NoiseSchedule.of(1000, 1e-4, 0.02, BetaSchedule.LINEAR);
        double product = 1;
        for (int t = 0; t < 1000; t++) {
            product *= 1 - (double) s.beta(t);
            // float32 1 − β rounds each factor by ≤ 2^-25 relative; 1000 of them stay within 3e-5.
            assertEquals(product, s.alphaCumprod(t), 3e-5 * product, "t=" + t);
        }
    }

    @Test
    void cosineScheduleMatchesNumpyAndIsCapped() {
        NoiseSchedule s = NoiseSchedule.of(1000, 0.5, 0.5, BetaSchedule.SQUAREDCOS_CAP_V2);
        // Computed with Python's math.cos in float64, rounded to float32 (diffusers' betas_for_alpha_bar).
        assertEquals(4.128422369831242e-05f, s.beta(0));
        assertEquals(0.003155691549181938f, s.beta(500));
        assertEquals(0.7499994039535522f, s.beta(998));
        assertEquals(0.999f, s.beta(999), "capped");
    }

    @Test
    void explicitBetasAreRoundedToFloat() {
        NoiseSchedule s = NoiseSchedule.fromBetas(new double[] {0.1, 0.2, 0.3});
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, s.betas());
        assertEquals(0.9f * 0.8f, s.alphaCumprod(1), 1e-7);
        assertEquals(0.9 * 0.8 * 0.7, s.alphaCumprod(2), 1e-7);
    }

    @Test
    void zeroTerminalSnrRescaleEndsAtZeroAndKeepsTheStart() {
        NoiseSchedule s = NoiseSchedule.stableDiffusion21();
        NoiseSchedule z = s.rescaledToZeroTerminalSnr();
        assertEquals(0f, z.alphaCumprod(999));
        assertEquals(1f, z.beta(999));
        double first = Math.sqrt(s.alphaCumprod(0));
        double last = Math.sqrt(s.alphaCumprod(999));
        for (int t = 0; t < 999; t++) {
            // Lin et al. Algorithm 1: sqrt(ᾱ) shifted to end at 0 and scaled to keep its first value.
            double expected = (Math.sqrt(s.alphaCumprod(t)) - last) * first / (first - last);
            assertEquals(expected, Math.sqrt(z.alphaCumprod(t)), 2e-6, "t=" + t);
        }
        assertThrows(IllegalArgumentException.class,
                () -> NoiseSchedule.fromBetas(new double[] {0.5}).rescaledToZeroTerminalSnr());
    }

    @Test
    void arraysAreCopiesAndTimestepsAreChecked() {
        NoiseSchedule s = NoiseSchedule.stableDiffusion21();
        s.betas()[0] = 5;
        s.alphasCumprod()[0] = 5;
        assertNotEquals(5f, s.beta(0));
        assertNotEquals(5f, s.alphaCumprod(0));
        assertThrows(IndexOutOfBoundsException.class, () -> s.beta(1000));
        assertThrows(IndexOutOfBoundsException.class, () -> s.alphaCumprod(-1));
        assertEquals(s.hashCode(), NoiseSchedule.stableDiffusion21().hashCode());
        assertNotEquals(s, NoiseSchedule.of(1000, 1e-4, 0.02, BetaSchedule.LINEAR));
    }

    @Test
    void invalidSchedulesAreRejectedWithTheReason() {
        assertMessage("num_train_timesteps", () -> NoiseSchedule.of(0, 0.1, 0.2, BetaSchedule.LINEAR));
        assertMessage("num_train_timesteps", () -> NoiseSchedule.of(100_001, 0.1, 0.2, BetaSchedule.LINEAR));
        assertMessage("beta_start", () -> NoiseSchedule.of(10, 0, 0.2, BetaSchedule.SCALED_LINEAR));
        assertMessage("beta_end", () -> NoiseSchedule.of(10, 0.1, 1.0, BetaSchedule.LINEAR));
        assertMessage("beta_end", () -> NoiseSchedule.of(10, 0.1, Double.NaN, BetaSchedule.LINEAR));
        assertMessage("num_train_timesteps", () -> NoiseSchedule.fromBetas(new double[0]));
        assertMessage("timestep 1", () -> NoiseSchedule.fromBetas(new double[] {0.1, Double.NaN}));
        assertMessage("[0, 1]", () -> NoiseSchedule.fromBetas(new double[] {0.1, 1.5}));
        assertMessage("start below 1", () -> NoiseSchedule.fromBetas(new double[] {1.0, 0.5}));
    }

    private static void assertMessage(String fragment, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
