package dev.faceanon.djl.parity;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of one golden case.
 *
 * @param caseName the case
 * @param status what happened
 * @param checks the compared tensors (empty unless run)
 * @param detail why it could not be run or was skipped, or the error
 */
public record CaseOutcome(String caseName, Status status, List<TensorCheck> checks, String detail) {

    /** How a case ended. */
    public enum Status {
        /** Every tensor within its tolerance. */
        PASS,
        /** At least one tensor outside its tolerance. */
        FAIL,
        /** No runner reproduces this case, or running it threw. */
        CANNOT_RUN,
        /** The file holds only weights used by other cases. */
        WEIGHTS_ONLY
    }

    /** @return true unless the case failed or could not be run */
    public boolean ok() {
        return status == Status.PASS || status == Status.WEIGHTS_ONLY;
    }

    /**
     * @return one line: the case, its worst absolute and relative error over all tensors, the
     *     tolerance of the worst tensor, and the status
     */
    public String line() {
        if (checks.isEmpty()) {
            return String.format(Locale.ROOT, "%-42s %-12s %s", caseName, status, detail == null ? "" : detail);
        }
        TensorCheck worstAbs = checks.get(0);
        double maxRel = 0;
        TensorCheck worstFail = null;
        for (TensorCheck c : checks) {
            if (c.comparison().maxAbs() > worstAbs.comparison().maxAbs()) {
                worstAbs = c;
            }
            maxRel = Math.max(maxRel, c.comparison().maxRel());
            if (!c.comparison().passed() && worstFail == null) {
                worstFail = c;
            }
        }
        TensorCheck shown = worstFail != null ? worstFail : worstAbs;
        return String.format(Locale.ROOT, "%-42s %-12s max abs %.2e  max rel %.2e  tol %s  (%d tensors; worst: %s)",
                caseName, status, worstAbs.comparison().maxAbs(), maxRel, shown.comparison().tolerance(),
                checks.size(), shown.tensor());
    }
}
