package dev.faceanon.spark;

import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which models the executors load, in a form that travels to them with the job: the serializable
 * part of {@link ModelOptions} (the device is chosen on each executor, by {@link TaskDevice}). Two
 * equal specs on the same device share one loaded copy per executor JVM ({@link ExecutorModels}).
 *
 * @param variant the published weights or the tiny random-weight networks
 * @param directory a directory holding the model repositories (and {@code face-api/} with the face
 *     recognizer's tarball), the same path on every executor (a shared file system or a copy on each
 *     node); null for the Hugging Face cache (and the faceanon cache) of each node
 * @param allowDownload whether an executor may download missing files into its node's cache
 * @param precision the precision
 * @param imageSize the generation side; 0 for the variant's default
 * @param detectionSize the longest side the face detector sees
 */
public record ModelSpec(ModelVariant variant, String directory, boolean allowDownload, Precision precision,
        int imageSize, int detectionSize) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * @param variant the published weights or the tiny random-weight networks
     * @param directory a directory holding the model repositories (and {@code face-api/} with the face
     *     recognizer's tarball), the same path on every executor (a shared file system or a copy on each
     *     node); null for the Hugging Face cache (and the faceanon cache) of each node
     * @param allowDownload whether an executor may download missing files into its node's cache
     * @param precision the precision
     * @param imageSize the generation side; 0 for the variant's default
     * @param detectionSize the longest side the face detector sees
     * @throws NullPointerException if the variant or the precision is null
     * @throws IllegalArgumentException if a size is out of range, or a directory is given for the
     *     tiny-random model (which generates its networks itself)
     */
    public ModelSpec {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(precision, "precision");
        if (directory != null && directory.isBlank()) {
            directory = null;
        }
        if (directory != null && variant == ModelVariant.TINY_RANDOM) {
            throw new IllegalArgumentException("a model directory does not apply to the tiny-random model, which"
                    + " generates its networks itself");
        }
        // The fields are assigned after this constructor's body: check the parameters.
        options(variant, directory, allowDownload, precision, imageSize, detectionSize, "cpu", false);
    }

    /**
     * @param device "cpu", "auto", "gpu" or "gpu:N"
     * @param identityAudit whether the face recognizer is loaded with the models (the job's identity check decides)
     * @return the options to load these models with on that device
     * @throws IllegalArgumentException naming the field if a value is out of range
     */
    public ModelOptions toModelOptions(String device, boolean identityAudit) {
        return options(variant, directory, allowDownload, precision, imageSize, detectionSize, device, identityAudit);
    }

    private static ModelOptions options(ModelVariant variant, String directory, boolean allowDownload,
            Precision precision, int imageSize, int detectionSize, String device, boolean identityAudit) {
        ModelOptions.Builder b = ModelOptions.builder().variant(variant).allowDownload(allowDownload)
                .precision(precision).detectionSize(detectionSize).device(device).identityAudit(identityAudit);
        if (directory != null) {
            b.directory(Path.of(directory));
        }
        if (imageSize != 0) {
            b.imageSize(imageSize);
        }
        return b.build();
    }
}
