package dev.faceanon.djl.hub;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Local paths of everything the pipeline loads, ready for the model layout.
 *
 * @param faceAnonDir a directory with {@code unet/}, {@code referencenet/}, {@code conditioning_referencenet/}
 * @param sd21Dir a directory with {@code vae/} and {@code scheduler/}
 * @param clipDir a directory with {@code config.json}, {@code preprocessor_config.json} and
 *     {@code model.safetensors}; when only the vision tower was fetched, a derived directory whose
 *     {@code model.safetensors} holds just the {@code vision_model.*} tensors (see
 *     {@code faceanon-derived.json} there)
 * @param s3fdWeights the S3FD detector checkpoint
 * @param fanWeights the 2D-FAN-4 TorchScript archive
 */
public record ResolvedModelFiles(Path faceAnonDir, Path sd21Dir, Path clipDir, Path s3fdWeights, Path fanWeights) {

    /**
     * Checks that every path is given.
     *
     * @param faceAnonDir a directory with {@code unet/}, {@code referencenet/}, {@code conditioning_referencenet/}
     * @param sd21Dir a directory with {@code vae/} and {@code scheduler/}
     * @param clipDir a directory with {@code config.json}, {@code preprocessor_config.json} and
     *     {@code model.safetensors}; when only the vision tower was fetched, a derived directory whose
     *     {@code model.safetensors} holds just the {@code vision_model.*} tensors (see
     *     {@code faceanon-derived.json} there)
     * @param s3fdWeights the S3FD detector checkpoint
     * @param fanWeights the 2D-FAN-4 TorchScript archive
     * @throws NullPointerException if a path is null
     */
    public ResolvedModelFiles {
        Objects.requireNonNull(faceAnonDir, "faceAnonDir");
        Objects.requireNonNull(sd21Dir, "sd21Dir");
        Objects.requireNonNull(clipDir, "clipDir");
        Objects.requireNonNull(s3fdWeights, "s3fdWeights");
        Objects.requireNonNull(fanWeights, "fanWeights");
    }
}
