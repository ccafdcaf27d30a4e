package dev.faceanon.spi;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The close contract of an object that holds native memory: calls run while it is open,
 * {@link #close} waits for the calls running on it before it frees anything, and every call made
 * once closing has begun throws {@link IllegalStateException} at once. A call racing with close
 * therefore either completes normally or throws {@code IllegalStateException}; memory is never
 * freed under a running call.
 *
 * <p>Calls may nest (a call of the object that calls the object again on the same thread, such as
 * a photo call generating each of its faces): a nested call started after close began still runs,
 * since close waits for its outer call anyway. Calling close from within a call of the same object
 * on the same thread (a progress listener, for instance) would wait for itself, so it throws
 * {@code IllegalStateException} instead and leaves the object open.
 *
 * <p>Thread-safe.
 */
public final class CloseGuard {
    private final String owner;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Set when close begins, so that new calls fail at once instead of queueing behind it. */
    private volatile boolean closing;
    /** Written under the write lock only, so a thread holding the read lock sees it stable. */
    private boolean closed;

    /**
     * @param owner how messages name the guarded object, e.g. {@code "FaceModels"}
     */
    public CloseGuard(String owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /**
     * Runs a call while the object is open; close waits until it returns.
     *
     * @param <T> the result type
     * @param call what is called, for the message, e.g. {@code "FaceAnonymizer.anonymize"}
     * @param body the call
     * @return the call's result
     * @throws IllegalStateException if close has begun
     */
    public <T> T call(String call, Supplier<T> body) {
        boolean nested = lock.getReadHoldCount() > 0;
        if (closing && !nested) {
            throw closedError(call);
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw closedError(call);
            }
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * For calls that only read immutable state and touch no native memory: checks without holding
     * off close.
     *
     * @param call what is called, for the message
     * @throws IllegalStateException if close has begun
     */
    public void requireOpen(String call) {
        if (closing && lock.getReadHoldCount() == 0) {
            throw closedError(call);
        }
    }

    /** @return true once close has begun */
    public boolean isClosed() {
        return closing;
    }

    /**
     * Refuses new calls, waits for the running ones, then runs {@code release} once; later closes do
     * nothing. If {@code release} throws, the object stays closed and the exception propagates.
     *
     * @param release frees the object's resources
     * @throws IllegalStateException if called from within a call of this object on the same thread
     */
    public void close(Runnable release) {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException(owner + ".close() called from within a call on it (a progress listener,"
                    + " for instance), where it would wait for itself; close it after the call returns");
        }
        closing = true;
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                release.run();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private IllegalStateException closedError(String call) {
        return new IllegalStateException(owner + " is closed: " + call + " was called after close()");
    }
}
