package dev.faceanon;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * The anonymized photo and a report of every face: which were replaced by generated faces, which
 * were redacted because they could not be (fail closed), which were kept because they match the
 * keep gallery, and each output face's identity audit. A photo without faces comes back unchanged
 * with an empty report.
 *
 * @param image the result, same size as the input, {@code TYPE_3BYTE_BGR} unless the photo had no
 *     face and is returned as it was
 * @param faces one outcome per face, in processing order
 */
public record AnonymizationResult(BufferedImage image, List<FaceOutcome> faces) {

    /**
     * Creates an instance, checking its components.
     *
     * @param image the result, same size as the input, {@code TYPE_3BYTE_BGR} unless the photo had no
     *     face and is returned as it was
     * @param faces one outcome per face, in processing order
     * @throws NullPointerException if a component is null
     */
    public AnonymizationResult {
        Objects.requireNonNull(image, "image");
        faces = List.copyOf(faces);
    }

    /** @return true if every face was replaced by a generated face (vacuously true without faces) */
    public boolean allAnonymized() {
        return faces.stream().allMatch(f -> f.action() == FaceOutcome.Action.ANONYMIZED);
    }

    /** @return the number of faces that were redacted instead of anonymized */
    public long redactedCount() {
        return faces.stream().filter(f -> f.action() == FaceOutcome.Action.REDACTED).count();
    }

    /** @return the number of faces left as they were because they match the keep gallery */
    public long keptCount() {
        return faces.stream().filter(f -> f.action() == FaceOutcome.Action.KEPT).count();
    }

    /**
     * @return the number of output faces the identity audit found still matching their input (possible only when
     *     the fail-closed check is off, or for a redaction too weak for the face)
     */
    public long stillMatchingCount() {
        return faces.stream().filter(f -> f.audit().isPresent() && f.audit().get().stillMatches()).count();
    }
}
