package dev.faceanon.model;

import java.nio.file.Path;

/**
 * A weight file (safetensors, PyTorch checkpoint) is malformed, truncated, uses an unsupported
 * data type, or contains something a state dict never contains. Weight files are treated as
 * untrusted input: every reader of this library reports such files with this exception and never
 * executes or allocates what the file asks for.
 */
public class WeightFormatException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the weight file
     * @param message what is wrong with it
     */
    public WeightFormatException(Path file, String message) {
        super(file, message);
    }

    /**
     * @param file the weight file
     * @param message what is wrong with it
     * @param cause the underlying failure
     */
    public WeightFormatException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
