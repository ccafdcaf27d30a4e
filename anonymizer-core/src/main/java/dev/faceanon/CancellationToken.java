package dev.faceanon;

/**
 * Lets another thread stop a running call. The call checks the token between steps and then throws
 * {@link CancelledException} after freeing its native memory; interrupting the calling thread has
 * the same effect. A token can be shared by several calls and cannot be reset.
 */
public final class CancellationToken {
    private volatile boolean cancelled;

    /** Creates a token that is not cancelled. */
    public CancellationToken() {
    }

    /** Requests cancellation of every call using this token. */
    public void cancel() {
        cancelled = true;
    }

    /** @return true once {@link #cancel()} was called */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Throws if cancellation was requested through this token or by interrupting the current thread
     * (the interrupt flag is kept set).
     *
     * @throws CancelledException if so
     */
    public void throwIfCancelled() {
        if (cancelled) {
            throw new CancelledException("cancelled through its CancellationToken");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new CancelledException("cancelled: the calling thread was interrupted");
        }
    }
}
