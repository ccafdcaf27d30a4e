package dev.faceanon.video.track;

/** Where a tracked face's position in a frame comes from. */
public enum TrackSource {
    /** The detector found the face in this frame. */
    DETECTED,
    /** Between two detections of the track: box and landmarks interpolated linearly. */
    INTERPOLATED,
    /**
     * After the track's last detection, within its maximum age: moved on at the track's estimated
     * velocity, the box grown with the distance to that detection.
     */
    PREDICTED,
    /**
     * Before the track's first detection, within the look-ahead window: the first detection's
     * position, the box grown with the distance to it. A face the detector missed in its first
     * frames is covered there too.
     */
    BACKFILLED
}
