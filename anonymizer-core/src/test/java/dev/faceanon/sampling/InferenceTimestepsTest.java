package dev.faceanon.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InferenceTimestepsTest {

    private static int[] countdown(int first, int step, int n) {
        return IntStream.range(0, n).map(i -> first - i * step).toArray();
    }

    @Test
    void leadingWithOffsetOneAsTheOfficialPipelineUsesIt() {
        // Spec §4.2: t_i = (N−1−i)·(1000 // N) + 1.
        assertArrayEquals(countdown(961, 40, 25), InferenceTimesteps.ddpm(TimestepSpacing.LEADING, 1000, 25, 1));
        assertArrayEquals(countdown(981, 20, 50), InferenceTimesteps.ddpm(TimestepSpacing.LEADING, 1000, 50, 1));
        assertArrayEquals(countdown(996, 5, 200), InferenceTimesteps.ddpm(TimestepSpacing.LEADING, 1000, 200, 1));
        assertArrayEquals(countdown(951, 50, 20), InferenceTimesteps.ddpm(TimestepSpacing.LEADING, 1000, 20, 1));
        assertArrayEquals(new int[] {751, 501, 251, 1}, InferenceTimesteps.ddpm(TimestepSpacing.LEADING, 1000, 4, 1));
        // 1000 // 3 = 333: leading leaves the top of the range unused.
        assertArrayEquals(new int[] {666, 333, 0}, InferenceTimesteps.ddpm(TimestepSpacing.LEADING, 1000, 3, 0));
    }

    @Test
    void linspaceAndTrailingByHand() {
        // linspace(0, 999, 3) = 0, 499.5, 999; numpy rounds half to even: 500.
        assertArrayEquals(new int[] {999, 500, 0}, InferenceTimesteps.ddpm(TimestepSpacing.LINSPACE, 1000, 3, 1));
        assertArrayEquals(countdown(999, 111, 10), InferenceTimesteps.ddpm(TimestepSpacing.LINSPACE, 1000, 10, 0));
        // arange(1000, 0, -333.33…) = 1000, 666.67, 333.33 → 1000, 667, 333, minus 1.
        assertArrayEquals(new int[] {999, 666, 332}, InferenceTimesteps.ddpm(TimestepSpacing.TRAILING, 1000, 3, 1));
        assertArrayEquals(countdown(999, 100, 10), InferenceTimesteps.ddpm(TimestepSpacing.TRAILING, 1000, 10, 5));
    }

    @Test
    void dpmSolverSpacingUsesOneMorePointAndDropsZero() {
        // linspace(0, 999, 21) in steps of 49.95: 10·49.95 = 499.5 rounds to 500.
        assertArrayEquals(new int[] {999, 949, 899, 849, 799, 749, 699, 649, 599, 549, 500, 450, 400, 350, 300, 250,
            200, 150, 100, 50}, InferenceTimesteps.dpmSolver(TimestepSpacing.LINSPACE, 1000, 20, 1));
        // 1000 // 5 = 200: 800, 600, 400, 200 (0 dropped), plus 1.
        assertArrayEquals(new int[] {801, 601, 401, 201},
                InferenceTimesteps.dpmSolver(TimestepSpacing.LEADING, 1000, 4, 1));
        assertArrayEquals(new int[] {999, 749, 499, 249},
                InferenceTimesteps.dpmSolver(TimestepSpacing.TRAILING, 1000, 4, 1));
    }

    @Test
    void everyRuleMatchesNumpyForManyStepCounts() throws IOException {
        int checked = 0;
        try (InputStream in = getClass().getResourceAsStream("numpy_timesteps_T1000_offset1.txt")) {
            if (in == null) {
                fail("numpy_timesteps_T1000_offset1.txt is missing from the test resources");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(" ");
                TimestepSpacing spacing = TimestepSpacing.valueOf(f[1].toUpperCase(Locale.ROOT));
                int n = Integer.parseInt(f[2]);
                boolean dpm = f[0].equals("dpm");
                String what = line.length() > 40 ? line.substring(0, 40) : line;
                if (f[3].equals("ERR")) {
                    assertThrows(IllegalArgumentException.class, () -> timesteps(dpm, spacing, n), what);
                } else {
                    int[] expected = Arrays.stream(f[3].substring(1, f[3].length() - 1).split(","))
                            .mapToInt(Integer::parseInt).toArray();
                    assertArrayEquals(expected, timesteps(dpm, spacing, n), what);
                }
                checked++;
            }
        }
        assertEquals(252, checked, "rows in the reference file");
    }

    private static int[] timesteps(boolean dpm, TimestepSpacing spacing, int n) {
        return dpm ? InferenceTimesteps.dpmSolver(spacing, 1000, n, 1) : InferenceTimesteps.ddpm(spacing, 1000, n, 1);
    }

    @Test
    void outOfRangeRequestsAreRejectedWithTheReason() {
        assertMessage("[1, 1000]", () -> InferenceTimesteps.ddpm(TimestepSpacing.LEADING, 1000, 0, 1));
        assertMessage("[1, 1000]", () -> InferenceTimesteps.dpmSolver(TimestepSpacing.LINSPACE, 1000, 1001, 0));
        assertMessage("steps_offset 1000", () -> InferenceTimesteps.ddpm(TimestepSpacing.LEADING, 1000, 10, 1000));
        // 1000 steps at ratio 1 plus offset 1 reaches timestep 1000, which was never trained.
        assertMessage("outside the trained range",
                () -> InferenceTimesteps.ddpm(TimestepSpacing.LEADING, 1000, 1000, 1));
        // 1001 points over [0, 999] must repeat one after rounding.
        assertMessage("repeats", () -> InferenceTimesteps.dpmSolver(TimestepSpacing.LINSPACE, 1000, 1000, 0));
    }

    @Test
    void numpyHelpersReproduceNumpyEdgeCases() {
        assertArrayEquals(new double[] {3.0}, InferenceTimesteps.linspace(3, 7, 1));
        assertArrayEquals(new double[] {0, 2.5, 5}, InferenceTimesteps.linspace(0, 5, 3));
        assertEquals(0, InferenceTimesteps.arange(0, 10, -1).length);
        assertArrayEquals(new double[] {10, 7, 4, 1}, InferenceTimesteps.arange(10, 0, -3));
    }

    private static void assertMessage(String fragment, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
