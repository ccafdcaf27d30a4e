package dev.faceanon.video;

import dev.faceanon.CancellationToken;
import dev.faceanon.ProgressListener;
import dev.faceanon.image.RgbImage;
import dev.faceanon.video.track.TrackedFace;
import java.util.List;
import java.util.Objects;

/**
 * One frame for a {@link FrameOperation}.
 *
 * @param frame the frame index, from 0
 * @param image the frame, upright
 * @param faces the tracked faces that cover part of it
 * @param cancellation the run's cancellation
 * @param progress receives the denoising progress of each face generated
 */
public record FrameWork(int frame, RgbImage image, List<TrackedFace> faces, CancellationToken cancellation,
        ProgressListener progress) {

    /**
     * @param frame see {@link #frame()}
     * @param image see {@link #image()}
     * @param faces see {@link #faces()}
     * @param cancellation see {@link #cancellation()}
     * @param progress see {@link #progress()}
     * @throws NullPointerException if a component is null
     */
    public FrameWork {
        Objects.requireNonNull(image, "image");
        faces = List.copyOf(faces);
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(progress, "progress");
    }
}
