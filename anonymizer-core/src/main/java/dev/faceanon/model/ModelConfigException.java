package dev.faceanon.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A model configuration file ({@code config.json}, {@code scheduler_config.json},
 * {@code preprocessor_config.json}) is not valid JSON, lacks a required field, or holds a value this
 * library cannot run. The message names the file and, where one is at fault, the field.
 */
public class ModelConfigException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    /** Serialized with the exception: see the accessor of the same name. */
    private final String field;

    /**
     * @param file the configuration file
     * @param field the offending field, or {@code null} if the file as a whole is at fault
     * @param message what is wrong
     */
    public ModelConfigException(Path file, String field, String message) {
        super(file, field == null ? message : "field '" + field + "': " + message);
        this.field = field;
    }

    /**
     * @param file the configuration file
     * @param field the offending field, or {@code null} if the file as a whole is at fault
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public ModelConfigException(Path file, String field, String message, Throwable cause) {
        super(file, field == null ? message : "field '" + field + "': " + message, cause);
        this.field = field;
    }

    /** @return the offending field, if a single field is at fault */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
