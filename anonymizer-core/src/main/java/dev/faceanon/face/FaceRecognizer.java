package dev.faceanon.face;

import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.awt.image.BufferedImage;

/**
 * Tells faces apart: turns a face into a {@link FaceDescriptor}, so that two faces can be compared by the distance
 * between their descriptors. Used to check that an anonymized face no longer matches its input, and to recognise
 * faces that must be kept.
 *
 * <p>Implementations are safe for concurrent calls; those holding native memory are closed by their owner.
 */
public interface FaceRecognizer extends AutoCloseable {
    /**
     * The Euclidean distance under which two descriptors are usually taken for the same person: 0.6, the default of
     * face-api's {@code FaceMatcher} and of dlib's face recognition example, whose network and weights face-api's
     * recognition model reproduces.
     */
    double DEFAULT_MATCH_THRESHOLD = 0.6;

    /**
     * Describes one face of a photo. The implementation cuts the face out of the photo with a crop rule of its
     * own, derived from the face's box and landmarks (see the implementation's documentation).
     *
     * @param image the photo
     * @param face a face of that photo, in its pixel coordinates
     * @return the face's descriptor
     * @throws IllegalArgumentException if the face's crop lies wholly outside the photo
     */
    FaceDescriptor describe(RgbImage image, Face face);

    /**
     * {@link #describe(RgbImage, Face)} for a {@link BufferedImage} of any ImageIO type.
     *
     * @param image the photo
     * @param face a face of that photo
     * @return the face's descriptor
     * @throws IllegalArgumentException if the face's crop lies wholly outside the photo
     * @throws dev.faceanon.image.ImageTooLargeException if the photo exceeds
     *     {@link BufferedImageConverter#DEFAULT_MAX_PIXELS}
     */
    default FaceDescriptor describe(BufferedImage image, Face face) {
        return describe(new BufferedImageConverter().toRgbImage(image), face);
    }

    /**
     * Describes an image that is already the face crop: the whole image is the face, as the recognizer's own crop
     * rule would have cut it (any size; a crop of the model's input size is used as it is).
     *
     * @param crop the face crop
     * @return its descriptor
     */
    FaceDescriptor describeCrop(RgbImage crop);

    /**
     * @param a a descriptor
     * @param b another
     * @return the Euclidean distance between them; below {@link #DEFAULT_MATCH_THRESHOLD} the model takes them
     *     for the same person
     */
    default double distance(FaceDescriptor a, FaceDescriptor b) {
        return a.distanceTo(b);
    }

    /** Frees resources; the default does nothing. */
    @Override
    default void close() {}
}
