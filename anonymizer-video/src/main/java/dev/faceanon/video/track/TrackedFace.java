package dev.faceanon.video.track;

import dev.faceanon.face.Face;
import java.util.Objects;

/**
 * One face of a track in one frame.
 *
 * @param trackId the track, from 1; the same person keeps it while the tracker follows them
 * @param frame the frame index, from 0
 * @param face where the face is: the box to cover, and the landmarks to align it by (smoothed over
 *     time when the tracker smooths)
 * @param source where the position comes from
 * @param distance frames to the nearest detection of the track (0 when detected in this frame)
 */
public record TrackedFace(int trackId, int frame, Face face, TrackSource source, int distance) {

    /**
     * @param trackId see {@link #trackId()}
     * @param frame see {@link #frame()}
     * @param face see {@link #face()}
     * @param source see {@link #source()}
     * @param distance see {@link #distance()}
     * @throws IllegalArgumentException if an index or the distance is out of range, or a detected
     *     face has a distance
     */
    public TrackedFace {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(source, "source");
        if (trackId < 1 || frame < 0 || distance < 0 || (source == TrackSource.DETECTED) != (distance == 0)) {
            throw new IllegalArgumentException("inconsistent tracked face: track " + trackId + ", frame " + frame
                    + ", " + source + " at distance " + distance);
        }
    }
}
