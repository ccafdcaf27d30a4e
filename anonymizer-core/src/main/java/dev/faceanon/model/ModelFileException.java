package dev.faceanon.model;

import dev.faceanon.FaceAnonException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file (weights, configuration) is missing, unreadable or invalid. The message always names
 * the file; {@link #file()} returns it for programmatic handling.
 */
public class ModelFileException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the offending file (or directory)
     * @param message what is wrong with it; the file name is prepended
     */
    public ModelFileException(Path file, String message) {
        super(file + ": " + message);
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * @param file the offending file (or directory)
     * @param message what is wrong with it; the file name is prepended
     * @param cause the underlying failure
     */
    public ModelFileException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = Objects.requireNonNull(file, "file");
    }

    /** @return the file this exception is about */
    public Path file() {
        return file;
    }
}
