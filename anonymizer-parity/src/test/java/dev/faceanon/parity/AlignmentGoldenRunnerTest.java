package dev.faceanon.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alignment golden (README §4.7): matrices, crops and pastes of the official extractor and merger. */
class AlignmentGoldenRunnerTest {

    @Test
    void reproducesEveryMatrixCropAndPasteExactly() {
        GoldenDirectory dir = GoldenDirectory.fromSystemProperty();
        try (GoldenCase golden = dir.open(AlignmentGoldenRunner.CASE)) {
            // The same reproduction scripts/golden-check runs on any golden directory.
            List<TensorCheck> checks = new AlignmentGoldenRunner().run(dir, golden);
            long crops = checks.stream().filter(c -> c.tensor().contains(".crop_")).count();
            long pastes = checks.stream().filter(c -> c.tensor().endsWith(".paste_result_u8")).count();
            long matrices = checks.stream().filter(c -> c.tensor().contains(".mat_")).count();
            assertEquals(golden.namesWithPrefix("set").stream().filter(n -> n.contains(".crop_")).count(), crops);
            assertTrue(crops >= 2 && pastes >= 2 && matrices >= 8, checks.size() + " checks");
            for (TensorCheck c : checks) {
                System.out.println(AlignmentGoldenRunner.CASE + " " + c.summary());
                assertTrue(c.comparison().passed(), c.summary());
                // Beyond the tolerance: the reproduction is bit-exact on the shared set.
                assertEquals(0.0, c.comparison().maxAbs(), c.summary());
            }
        }
    }

    @Test
    void isRegisteredForGoldenCheck() {
        assertTrue(GoldenRunners.all().stream().anyMatch(r -> r.handles(AlignmentGoldenRunner.CASE)));
        CaseOutcome outcome = GoldenCheck.withAllRunners().runCase(GoldenDirectory.fromSystemProperty(),
                AlignmentGoldenRunner.CASE);
        assertEquals(CaseOutcome.Status.PASS, outcome.status(), outcome.line());
    }

    @Test
    void matrixToleranceFlagsAMatrixOffByMoreThanItAllows() {
        double[] expected = {2.675529753991353, 0.006079331458393699, -0.00607911811857529, 2.675529753991353};
        double[] close = expected.clone();
        close[0] += 1e-6;
        Comparison ok = ParityTolerances.ALIGNMENT_MATRIX_LINEAR.compare(close, expected);
        assertTrue(ok.passed(), ok.summary());
        double[] off = expected.clone();
        off[3] *= 1.001;
        Comparison bad = ParityTolerances.ALIGNMENT_MATRIX_LINEAR.compare(off, expected);
        assertFalse(bad.passed());
        assertEquals(3, bad.worstIndex());
    }
}
