package dev.faceanon.parity;

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

    /**
     * The checks are copied, so that an outcome cannot change once reported.
     *
     * @param caseName the case
     * @param status what happened
     * @param checks the compared tensors (empty unless run)
     * @param detail why it could not be run or was skipped, or the error
     * @throws NullPointerException if the checks or one of them is null
     */
    public CaseOutcome {
        checks = List.copyOf(checks);
    }

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
     * @return one line: the case, the max absolute and relative error and the tolerance of the
     *     tensor that matters most (the first failing one, else the case's primary output, which
     *     runners list first), and the status
     */
    public String line() {
        if (checks.isEmpty()) {
            return String.format(Locale.ROOT, "%-42s %-12s %s", caseName, status, detail == null ? "" : detail);
        }
        TensorCheck shown = checks.stream().filter(c -> !c.comparison().passed()).findFirst().orElse(checks.get(0));
        long failing = checks.stream().filter(c -> !c.comparison().passed()).count();
        return String.format(Locale.ROOT, "%-42s %-12s max abs %.2e  max rel %.2e  tol %s  [%s; %d/%d tensors within]",
                caseName, status, shown.comparison().maxAbs(), shown.comparison().maxRel(),
                shown.comparison().tolerance(), shown.tensor(), checks.size() - failing, checks.size());
    }
}
