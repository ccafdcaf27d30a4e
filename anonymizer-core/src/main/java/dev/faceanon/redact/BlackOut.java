package dev.faceanon.redact;

import dev.faceanon.align.AlignedFace;
import dev.faceanon.image.RgbImage;
import java.util.Objects;

/** Replaces the whole crop with black, as the official {@code black_out_image}: nothing of the face is left. */
public final class BlackOut implements Redaction {

    /** Creates the redaction; it has no settings. */
    public BlackOut() {
    }

    @Override
    public RgbImage apply(AlignedFace face) {
        Objects.requireNonNull(face, "face");
        RgbImage crop = face.crop();
        return RgbImage.of(crop.width(), crop.height(), new byte[crop.width() * crop.height() * RgbImage.CHANNELS]);
    }

    @Override
    public String toString() {
        return "BlackOut";
    }
}
