package dev.faceanon.video;

import dev.faceanon.image.RgbImage;
import java.util.List;
import java.util.Objects;

/**
 * A processed frame.
 *
 * @param image the new frame, same size as the input frame
 * @param faces what was done to each tracked face
 */
public record FrameResult(RgbImage image, List<TrackedFaceOutcome> faces) {

    /**
     * @param image see {@link #image()}
     * @param faces see {@link #faces()}
     * @throws NullPointerException if a component is null
     */
    public FrameResult {
        Objects.requireNonNull(image, "image");
        faces = List.copyOf(faces);
    }
}
