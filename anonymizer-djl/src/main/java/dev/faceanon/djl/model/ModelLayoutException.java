package dev.faceanon.djl.model;

import dev.faceanon.model.ModelFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The model directories do not hold every file the pipeline needs. Unlike a single
 * {@link dev.faceanon.model.MissingModelFileException}, this reports every missing or unusable file
 * at once, so that the user can fix the layout in one go.
 */
public class ModelLayoutException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    private final transient List<ModelFileException> problems;

    /**
     * @param file the first file at fault
     * @param message the combined report, one line per problem
     * @param problems each problem, as {@link ModelLayout#resolve} reports it
     */
    public ModelLayoutException(Path file, String message, List<ModelFileException> problems) {
        super(file, message);
        this.problems = List.copyOf(problems);
    }

    /**
     * @return each problem: a {@link dev.faceanon.model.MissingModelFileException} for a missing file,
     *     a {@link ModelFileException} for a path that is not a regular file
     */
    public List<ModelFileException> problems() {
        return problems;
    }
}
