package dev.faceanon.djl.hub;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Local paths of the diffusion networks' repositories, ready for the model layout.
 *
 * @param faceAnonDir a directory with {@code unet/}, {@code referencenet/}, {@code conditioning_referencenet/}
 * @param sd21Dir a directory with {@code vae/} and {@code scheduler/}
 * @param clipDir a directory with {@code config.json}, {@code preprocessor_config.json} and
 *     {@code model.safetensors} (see {@link ResolvedModelFiles#clipDir()})
 */
public record NetworkFiles(Path faceAnonDir, Path sd21Dir, Path clipDir) {

    /**
     * Checks that every path is given.
     *
     * @param faceAnonDir a directory with {@code unet/}, {@code referencenet/}, {@code conditioning_referencenet/}
     * @param sd21Dir a directory with {@code vae/} and {@code scheduler/}
     * @param clipDir a directory with {@code config.json}, {@code preprocessor_config.json} and
     *     {@code model.safetensors} (see {@link ResolvedModelFiles#clipDir()})
     * @throws NullPointerException if a path is null
     */
    public NetworkFiles {
        Objects.requireNonNull(faceAnonDir, "faceAnonDir");
        Objects.requireNonNull(sd21Dir, "sd21Dir");
        Objects.requireNonNull(clipDir, "clipDir");
    }
}
