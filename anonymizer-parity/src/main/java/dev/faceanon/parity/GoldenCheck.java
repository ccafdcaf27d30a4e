package dev.faceanon.parity;

import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.text.UntrustedText;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every golden case of a directory with the registered runners. A case no runner reproduces
 * counts as a failure ("cannot run"), so that a directory with a new kind of case is never
 * reported green by omission.
 */
public final class GoldenCheck {
    private static final Logger LOG = LoggerFactory.getLogger(GoldenCheck.class);

    private final List<GoldenRunner> runners;

    /**
     * @param runners the runners to use
     */
    public GoldenCheck(List<GoldenRunner> runners) {
        this.runners = List.copyOf(runners);
    }

    /** @return a check with every runner this library has */
    public static GoldenCheck withAllRunners() {
        return new GoldenCheck(GoldenRunners.all());
    }

    /**
     * @param dir a golden directory
     * @return one outcome per case, in name order
     */
    public List<CaseOutcome> run(GoldenDirectory dir) {
        List<CaseOutcome> out = new ArrayList<>();
        for (String name : dir.caseNames()) {
            out.add(runCase(dir, name));
        }
        return out;
    }

    /**
     * @param dir a golden directory
     * @param name a case in it
     * @return its outcome; exceptions become {@link CaseOutcome.Status#CANNOT_RUN}
     */
    public CaseOutcome runCase(GoldenDirectory dir, String name) {
        try (GoldenCase golden = dir.open(name)) {
            boolean weightsOnly = golden.names("input").isEmpty() && golden.names("output").isEmpty();
            GoldenRunner runner = runners.stream().filter(r -> r.handles(name)).findFirst().orElse(null);
            if (runner == null) {
                return weightsOnly
                        ? new CaseOutcome(name, CaseOutcome.Status.WEIGHTS_ONLY, List.of(), "weights used by other cases")
                        : new CaseOutcome(name, CaseOutcome.Status.CANNOT_RUN, List.of(), "no runner for this case");
            }
            List<TensorCheck> checks = runner.run(dir, golden);
            if (checks.isEmpty()) {
                return new CaseOutcome(name, CaseOutcome.Status.CANNOT_RUN, List.of(), "runner compared nothing");
            }
            boolean pass = checks.stream().allMatch(c -> c.comparison().passed());
            return new CaseOutcome(name, pass ? CaseOutcome.Status.PASS : CaseOutcome.Status.FAIL, checks, null);
        } catch (RuntimeException e) {
            // The name comes from a directory listing: escaped before it reaches a log.
            LOG.debug("golden case {} could not be run", UntrustedText.escape(name), e);
            return new CaseOutcome(name, CaseOutcome.Status.CANNOT_RUN, List.of(),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
