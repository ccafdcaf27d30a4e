package dev.faceanon.redact;

import dev.faceanon.align.AlignedFace;
import dev.faceanon.image.RgbImage;

/**
 * A diffusion-free way to make a face unrecognisable, applied to its aligned crop. Strength is relative to the face
 * as it appears in the photo (its box), not to the crop, so small and large faces are hidden alike (docs/redaction.md
 * has the measurements). Implementations are immutable and thread-safe.
 */
public interface Redaction {

    /**
     * @param face a face: its box, the crop cut around it and the map that cut it
     * @return a new image the size of {@code face.crop()} with the face redacted
     */
    RgbImage apply(AlignedFace face);
}
