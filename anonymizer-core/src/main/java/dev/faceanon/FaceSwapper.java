package dev.faceanon;

import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.ModelFrame;
import dev.faceanon.image.RgbImage;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Puts the identity of one face into another: the result shows the identity face with the target's
 * expression, head pose, gaze, hair and background. Created by
 * {@link FaceModels#swapper(DiffusionConfig)}; immutable and safe to use from many threads at once.
 */
public final class FaceSwapper {
    private final FaceModels models;
    private final DiffusionConfig config;

    FaceSwapper(FaceModels models, DiffusionConfig config) {
        this.models = models;
        this.config = config;
    }

    /** @return the generation settings (the anonymization degree does not apply) */
    public DiffusionConfig config() {
        return config;
    }

    /**
     * @param identity aligned face whose identity is used
     * @param target aligned face whose expression, pose and scene are kept
     * @return the swapped face, in the target's size, {@code TYPE_3BYTE_BGR}
     */
    public BufferedImage swap(BufferedImage identity, BufferedImage target) {
        return swap(identity, target, CallOptions.defaults());
    }

    /**
     * @param identity aligned face whose identity is used; any ImageIO type and size
     * @param target aligned face whose expression, pose and scene are kept; any ImageIO type and size
     * @param options progress, cancellation, noise
     * @return the swapped face, in the target's size
     * @throws CancelledException if cancelled
     */
    public BufferedImage swap(BufferedImage identity, BufferedImage target, CallOptions options) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        int size = models.modelSize();
        RgbImage targetInput = models.converter().toRgbImage(target);
        RgbImage identityInput = models.converter().toRgbImage(identity);
        // Each image is brought to the model size on its own, as the official pipeline does.
        ModelFrame frame = ModelFrame.of(targetInput, size, size);
        RgbImage identityModel = ModelFrame.of(identityInput, size, size).toModel(identityInput);
        RgbImage out = models.generate(new GenerationRequest(GenerationMode.SWAP, frame.toModel(targetInput),
                identityModel, config, FaceModels.noiseFor(config, options), options.progress(),
                options.cancellation(), 0));
        return BufferedImageConverter.toBufferedImage(frame.toInput(out));
    }
}
