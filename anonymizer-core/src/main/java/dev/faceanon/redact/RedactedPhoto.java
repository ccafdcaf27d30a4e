package dev.faceanon.redact;

import dev.faceanon.image.RgbImage;
import java.util.List;
import java.util.Objects;

/**
 * A photo redacted by {@link FaceRedactor} and how each face was covered.
 *
 * @param image the redacted photo
 * @param faces one entry per face, in the order given
 */
public record RedactedPhoto(RgbImage image, List<RedactedFace> faces) {

    /**
     * Creates an instance, checking its components.
     *
     * @param image the redacted photo
     * @param faces one entry per face, in the order given
     * @throws NullPointerException if a component is null
     */
    public RedactedPhoto {
        Objects.requireNonNull(image, "image");
        faces = List.copyOf(faces);
    }
}
