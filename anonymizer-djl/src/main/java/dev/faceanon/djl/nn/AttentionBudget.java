package dev.faceanon.djl.nn;

import java.util.function.Supplier;

/**
 * A per-call bound on the score blocks of the materialised attention path that tightens the models'
 * own {@link AttentionOptions#maxScoreElements()} for the work run inside {@link #call}: used to
 * retry a generation with smaller attention chunks after a CUDA out-of-memory error, without
 * reloading the models. The fused kernel has no score blocks and ignores it. Confined to the calling
 * thread, so concurrent calls keep their own bounds.
 */
public final class AttentionBudget {
    private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

    private AttentionBudget() {}

    /**
     * @param <T> the result type
     * @param maxScoreElements the bound for this call, &gt; 0; the tighter of it and a model's own wins
     * @param work the work
     * @return the work's result
     */
    public static <T> T call(long maxScoreElements, Supplier<T> work) {
        if (maxScoreElements <= 0) {
            throw new IllegalArgumentException("maxScoreElements must be > 0, got " + maxScoreElements);
        }
        Long previous = CURRENT.get();
        CURRENT.set(previous == null ? maxScoreElements : Math.min(previous, maxScoreElements));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * @param modelBound a model's own bound, 0 for none
     * @return the bound in force on this thread
     */
    static long effective(long modelBound) {
        Long call = CURRENT.get();
        if (call == null) {
            return modelBound;
        }
        return modelBound <= 0 ? call : Math.min(modelBound, call);
    }
}
