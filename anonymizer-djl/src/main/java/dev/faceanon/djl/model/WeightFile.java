package dev.faceanon.djl.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A weight file found on disk and the form it is in, which tells the caller which reader opens it.
 *
 * @param path the file (for {@link WeightFileFormat#SAFETENSORS_INDEX}, the index file; its shards
 *     are resolved and checked by the reader)
 * @param format the form, from the file name
 */
public record WeightFile(Path path, WeightFileFormat format) {
    /**
     * @param path the file
     * @param format its form
     * @throws NullPointerException if an argument is null
     */
    public WeightFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
    }
}
