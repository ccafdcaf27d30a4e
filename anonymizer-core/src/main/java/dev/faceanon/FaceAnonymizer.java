package dev.faceanon;

import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.ModelFrame;
import dev.faceanon.image.RgbImage;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Replaces a face by a generated face of another identity, keeping expression, head pose, gaze,
 * hair and background. Created by {@link FaceModels#anonymizer(DiffusionConfig)}; immutable and
 * safe to use from many threads at once.
 */
public final class FaceAnonymizer {
    private final FaceModels models;
    private final DiffusionConfig config;

    FaceAnonymizer(FaceModels models, DiffusionConfig config) {
        this.models = models;
        this.config = config;
    }

    /** @return the generation settings */
    public DiffusionConfig config() {
        return config;
    }

    /**
     * Anonymizes an aligned face crop, such as the 512×512 crops the official extractor makes
     * (face centred, eyes level, forehead included).
     *
     * @param face the aligned face; any ImageIO type (grey, alpha, 16-bit, indexed) is converted.
     *     A size other than the model's is resized to it (Lanczos) and the result resized back.
     * @return the anonymized face, same size as the input, {@code TYPE_3BYTE_BGR}
     * @throws dev.faceanon.image.ImageTooLargeException if the image exceeds the pixel limit
     * @throws dev.faceanon.image.ImageTooSmallException if a side is below 8 pixels
     */
    public BufferedImage anonymizeAligned(BufferedImage face) {
        return anonymizeAligned(face, CallOptions.defaults());
    }

    /**
     * @param face the aligned face; see {@link #anonymizeAligned(BufferedImage)}
     * @param options progress, cancellation, noise
     * @return the anonymized face, same size as the input
     * @throws CancelledException if cancelled
     */
    public BufferedImage anonymizeAligned(BufferedImage face, CallOptions options) {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(options, "options");
        RgbImage input = models.converter().toRgbImage(face);
        ModelFrame frame = ModelFrame.of(input, models.modelSize(), models.modelSize());
        RgbImage model = frame.toModel(input);
        RgbImage out = models.generate(new GenerationRequest(GenerationMode.ANONYMIZE, model, model, config,
                FaceModels.noiseFor(config, options), options.progress(), options.cancellation(), 0));
        return BufferedImageConverter.toBufferedImage(frame.toInput(out));
    }
}
