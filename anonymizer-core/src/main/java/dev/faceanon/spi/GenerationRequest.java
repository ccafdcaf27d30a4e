package dev.faceanon.spi;

import dev.faceanon.CancellationToken;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.ProgressListener;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.NoiseSource;
import java.util.Objects;

/**
 * One generation at the model's resolution, as the public API hands it to a backend.
 *
 * @param mode anonymization or swap
 * @param conditioning the image whose pose, expression, gaze and scene are kept (model size)
 * @param identity the identity donor for {@link GenerationMode#SWAP}, same size as
 *     {@code conditioning}; for {@link GenerationMode#ANONYMIZE} the conditioning image itself
 * @param config sampler, steps, guidance, degree
 * @param noise the noise this generation consumes
 * @param progress receives progress
 * @param cancellation checked between steps
 * @param faceIndex index of the face in its photo, for progress events
 */
public record GenerationRequest(GenerationMode mode, RgbImage conditioning, RgbImage identity, DiffusionConfig config,
        NoiseSource noise, ProgressListener progress, CancellationToken cancellation, int faceIndex) {

    /**
     * Creates an instance, checking its components.
     *
     * @param mode anonymization or swap
     * @param conditioning the image whose pose, expression, gaze and scene are kept (model size)
     * @param identity the identity donor for {@link GenerationMode#SWAP}, same size as
     *     {@code conditioning}; for {@link GenerationMode#ANONYMIZE} the conditioning image itself
     * @param config sampler, steps, guidance, degree
     * @param noise the noise this generation consumes
     * @param progress receives progress
     * @param cancellation checked between steps
     * @param faceIndex index of the face in its photo, for progress events
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the images differ in size, or an anonymization names an
     *     identity other than its conditioning image
     */
    public GenerationRequest {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(conditioning, "conditioning");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
        if (!conditioning.sameSize(identity)) {
            throw new IllegalArgumentException("identity image " + identity.width() + "x" + identity.height()
                    + " differs from the conditioning image " + conditioning.width() + "x" + conditioning.height());
        }
        if (mode == GenerationMode.ANONYMIZE && identity != conditioning) {
            throw new IllegalArgumentException("an anonymization takes its identity from the conditioning image");
        }
        if (faceIndex < 0) {
            throw new IllegalArgumentException("faceIndex must be >= 0");
        }
    }
}
