package dev.faceanon.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.golden.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The check's bookkeeping with stand-in runners (the model runners are tested through it elsewhere). */
class GoldenCheckTest {
    private final GoldenDirectory dir = GoldenDirectory.fromSystemProperty();

    private static GoldenRunner runner(String name, Function<GoldenCase, List<TensorCheck>> body) {
        return new GoldenRunner() {
            @Override
            public boolean handles(String caseName) {
                return caseName.equals(name);
            }

            @Override
            public List<TensorCheck> run(GoldenDirectory d, GoldenCase golden) {
                return body.apply(golden);
            }
        };
    }

    @Test
    void classifiesEveryCase() {
        // The scheduler's own betas compared with themselves pass; a perturbed copy fails.
        GoldenRunner exact = runner("scheduler", g -> List.of(new TensorCheck("ddpm.betas",
                new Tolerance(0, 0).compare(g.floats("ddpm.betas"), g.floats("ddpm.betas")))));
        GoldenRunner off = runner("vae_tiny", g -> {
            float[] e = g.floats("output.moments");
            float[] a = e.clone();
            a[3] += 1;
            return List.of(new TensorCheck("output.moments", new Tolerance(1e-4, 1e-4).compare(a, e)));
        });
        GoldenRunner broken = runner("unet_tiny", g -> {
            throw new IllegalStateException("boom");
        });
        Map<String, CaseOutcome> byName = new GoldenCheck(List.of(exact, off, broken)).run(dir).stream()
                .collect(Collectors.toMap(CaseOutcome::caseName, o -> o));
        assertEquals(CaseOutcome.Status.PASS, byName.get("scheduler").status());
        assertEquals(CaseOutcome.Status.FAIL, byName.get("vae_tiny").status());
        assertTrue(byName.get("vae_tiny").line().contains("max abs 1.00e+00"), byName.get("vae_tiny").line());
        assertEquals(CaseOutcome.Status.CANNOT_RUN, byName.get("unet_tiny").status());
        assertTrue(byName.get("unet_tiny").line().contains("boom"));
        assertEquals(CaseOutcome.Status.CANNOT_RUN, byName.get("alignment").status());
        assertEquals(CaseOutcome.Status.WEIGHTS_ONLY,
                byName.get("pipeline_tiny_conditioning_referencenet").status());
        assertTrue(byName.get("pipeline_tiny_conditioning_referencenet").ok());
    }

    @Test
    void anOutcomeDoesNotChangeThroughTheListItWasMadeFrom() {
        Comparison failing = new Comparison(new Tolerance(0, 0), 4, 1, 0.5, 0.5, 2, 1.5f, 1f);
        List<TensorCheck> checks = new ArrayList<>(List.of(new TensorCheck("latents", failing)));
        CaseOutcome outcome = new CaseOutcome("vae_tiny", CaseOutcome.Status.FAIL, checks, null);
        checks.clear();
        assertEquals(1, outcome.checks().size());
        assertTrue(outcome.line().contains("[latents; 0/1 tensors within]"), outcome.line());
        assertThrows(UnsupportedOperationException.class, () -> outcome.checks().clear());
    }
}
