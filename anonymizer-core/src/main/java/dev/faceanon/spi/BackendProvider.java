package dev.faceanon.spi;

import dev.faceanon.ModelOptions;

/**
 * Creates {@link DiffusionBackend}s; found through {@link java.util.ServiceLoader} (register the
 * implementation in {@code META-INF/services/dev.faceanon.spi.BackendProvider}).
 */
public interface BackendProvider {

    /** @return a short name, e.g. "djl-pytorch" */
    String name();

    /**
     * @param options where the models are and how to run them
     * @return the loaded backend
     * @throws dev.faceanon.model.ModelFileException if model files are missing or invalid
     */
    DiffusionBackend open(ModelOptions options);
}
