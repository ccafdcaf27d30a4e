package dev.faceanon;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * The target photo with the identity swapped in, and a report of every face: which were swapped
 * and which were left as they were, with the reason. A photo without faces comes back unchanged
 * with an empty report.
 *
 * @param image the result, same size as the target photo; {@code TYPE_3BYTE_BGR} unless the photo
 *     had no face and is returned as it was
 * @param faces one outcome per face, in processing order
 */
public record SwapResult(BufferedImage image, List<SwapOutcome> faces) {

    /**
     * Creates an instance, checking its components.
     *
     * @param image the result, same size as the target photo; {@code TYPE_3BYTE_BGR} unless the photo
     *     had no face and is returned as it was
     * @param faces one outcome per face, in processing order
     * @throws NullPointerException if a component is null
     */
    public SwapResult {
        Objects.requireNonNull(image, "image");
        faces = List.copyOf(faces);
    }

    /** @return true if every face was swapped (vacuously true without faces) */
    public boolean allSwapped() {
        return faces.stream().allMatch(f -> f.action() == SwapOutcome.Action.SWAPPED);
    }

    /** @return the number of faces left unchanged */
    public long unchangedCount() {
        return faces.stream().filter(f -> f.action() == SwapOutcome.Action.UNCHANGED).count();
    }

    /** @return the number of faces left as they were because they match the keep gallery */
    public long keptCount() {
        return faces.stream().filter(f -> f.action() == SwapOutcome.Action.KEPT).count();
    }
}
