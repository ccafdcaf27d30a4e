package dev.faceanon.redact;

import dev.faceanon.image.RgbImage;

/**
 * A diffusion-free way to make a face unrecognisable, applied to its aligned crop (the official
 * {@code utils/redact_faces.py} baselines). Implementations are immutable and thread-safe.
 */
public interface Redaction {

    /**
     * @param crop an aligned face crop
     * @return a new image of the same size with the face redacted
     */
    RgbImage apply(RgbImage crop);
}
