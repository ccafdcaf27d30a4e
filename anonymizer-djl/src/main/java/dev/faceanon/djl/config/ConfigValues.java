package dev.faceanon.djl.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Common base of the configuration types: the file a configuration came from, and equality, hash
 * and text over the values each type lists. The source file is deliberately not part of equality, so
 * that a configuration read from disk equals the built-in one with the same values.
 */
abstract class ConfigValues {

    private final Path source;

    ConfigValues(Path source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** @return the values that make up equality, in a fixed order (elements may be null) */
    abstract List<Object> values();

    /** @return the file this configuration was read from (a {@code built-in/...} path for the built-in ones) */
    public Path source() {
        return source;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && values().equals(((ConfigValues) o).values());
    }

    @Override
    public final int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + values() + " from " + source;
    }
}
