package dev.faceanon;

/**
 * The GPU does not have enough free memory for the model, even with the leanest placement the
 * library can choose. The message states the memory needed and available; callers typically retry on
 * the CPU or tell the user to free GPU memory.
 */
public class GpuOutOfMemoryException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    /** Serialized with the exception: see the accessor of the same name. */
    private final long neededBytes;
    /** Serialized with the exception: see the accessor of the same name. */
    private final long availableBytes;

    /**
     * @param message what was attempted, with the numbers and what to do
     * @param neededBytes the estimated device memory needed, or -1 if unknown
     * @param availableBytes the free device memory, or -1 if unknown
     * @param cause the engine's out-of-memory error, or {@code null}
     */
    public GpuOutOfMemoryException(String message, long neededBytes, long availableBytes, Throwable cause) {
        super(message, cause);
        this.neededBytes = neededBytes;
        this.availableBytes = availableBytes;
    }

    /** @return the estimated device memory needed in bytes, or -1 if unknown */
    public long neededBytes() {
        return neededBytes;
    }

    /** @return the free device memory in bytes, or -1 if unknown */
    public long availableBytes() {
        return availableBytes;
    }
}
