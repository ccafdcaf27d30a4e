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

    /**
     * Opens this backend's default face detector (used when an application does not supply its own
     * detections). Called lazily, the first time a photo is anonymized without detections.
     *
     * @param options where the detector files are and how to run them
     * @return the detector
     * @throws UnsupportedOperationException if this backend has no detector (the default)
     * @throws dev.faceanon.model.ModelFileException if its files are missing or invalid
     */
    default dev.faceanon.face.FaceDetector openDetector(ModelOptions options) {
        throw new UnsupportedOperationException(name() + " has no face detector; pass the faces to anonymize()");
    }

    /**
     * Opens this backend's face recognizer, which audits every output face. Called by
     * {@link dev.faceanon.FaceModels#load} when {@link ModelOptions#identityAudit()} is on, before the diffusion
     * model is loaded.
     *
     * @param options where the recognizer's files are and whether they may be downloaded
     * @return the recognizer
     * @throws UnsupportedOperationException if this backend has none (the default); switch the audit off
     * @throws dev.faceanon.FaceAnonException if its files are missing or invalid; the message says how to get them
     *     and how to switch the audit off
     */
    default dev.faceanon.face.FaceRecognizer openRecognizer(ModelOptions options) {
        throw new UnsupportedOperationException(name() + " has no face recognizer to audit identities; load the"
                + " models with ModelOptions.builder().identityAudit(false)");
    }
}
