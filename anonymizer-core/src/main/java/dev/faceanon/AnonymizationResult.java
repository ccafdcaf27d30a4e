package dev.faceanon;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * The anonymized photo and a report of every face: which were replaced by generated faces and
 * which were redacted because they could not be (fail closed). A photo without faces comes back
 * unchanged with an empty report.
 *
 * @param image the result, same size as the input, {@code TYPE_3BYTE_BGR}
 * @param faces one outcome per face, in processing order
 */
public record AnonymizationResult(BufferedImage image, List<FaceOutcome> faces) {

    /**
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
}
