package dev.faceanon.video;

import dev.faceanon.face.BoundingBox;
import java.util.Objects;

/**
 * One track of a processed video: the frames it covered and where its positions came from.
 *
 * @param trackId the track
 * @param firstFrame the first frame it covered
 * @param lastFrame the last frame it covered
 * @param frames how many frames it covered
 * @param detected frames in which the detector found it
 * @param interpolated frames between two detections (missed by the detector, or not run)
 * @param predicted frames after its last detection, within its maximum age
 * @param backfilled frames before its first detection, within the look-ahead window
 * @param fellBack frames in which its face was not processed as asked (see {@link VideoResult#fallbacks()})
 * @param kept frames in which it was left as it was because it matches the keep gallery
 * @param firstBox its box in its first frame, to tell which face it is
 */
public record TrackReport(int trackId, int firstFrame, int lastFrame, int frames, int detected, int interpolated,
        int predicted, int backfilled, int fellBack, int kept, BoundingBox firstBox) {

    /**
     * @param trackId see {@link #trackId()}
     * @param firstFrame see {@link #firstFrame()}
     * @param lastFrame see {@link #lastFrame()}
     * @param frames see {@link #frames()}
     * @param detected see {@link #detected()}
     * @param interpolated see {@link #interpolated()}
     * @param predicted see {@link #predicted()}
     * @param backfilled see {@link #backfilled()}
     * @param fellBack see {@link #fellBack()}
     * @param kept see {@link #kept()}
     * @param firstBox see {@link #firstBox()}
     * @throws NullPointerException if the box is null
     */
    public TrackReport {
        Objects.requireNonNull(firstBox, "firstBox");
    }
}
