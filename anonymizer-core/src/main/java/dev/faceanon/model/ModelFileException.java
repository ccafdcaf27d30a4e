package dev.faceanon.model;

import dev.faceanon.FaceAnonException;
import dev.faceanon.text.UntrustedText;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file (weights, configuration) is missing, unreadable or invalid. The message always names
 * the file; {@link #file()} returns it for programmatic handling.
 *
 * <p>The file's name and what the message quotes from its content are untrusted: the message has
 * their control, bidirectional and other format characters escaped ({@link UntrustedText}), so
 * that it cannot drive a terminal or disguise itself where it is printed or logged. Accessors, here
 * and in the subclasses, return the values as they are.
 */
public class ModelFileException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the offending file (or directory)
     * @param message what is wrong with it; the file name is prepended and both are escaped
     */
    public ModelFileException(Path file, String message) {
        super(UntrustedText.escape(file + ": " + message));
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * @param file the offending file (or directory)
     * @param message what is wrong with it; the file name is prepended
     * @param cause the underlying failure
     */
    public ModelFileException(Path file, String message, Throwable cause) {
        super(UntrustedText.escape(file + ": " + message), cause);
        this.file = Objects.requireNonNull(file, "file");
    }

    /** @return the file this exception is about */
    public Path file() {
        return file;
    }
}
