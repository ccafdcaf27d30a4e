package dev.faceanon;

/** A call was cancelled through its {@link CancellationToken} or by interrupting its thread. */
public class CancelledException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message how it was cancelled
     */
    public CancelledException(String message) {
        super(message);
    }
}
