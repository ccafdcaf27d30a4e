package dev.faceanon.video;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a video file holds, as far as this library keeps it: the video stream's size, rotation,
 * frame rate and time base, and whether there is audio to copy.
 *
 * @param codedWidth columns of the stored frames, before rotation
 * @param codedHeight rows of the stored frames, before rotation
 * @param rotation how players turn the stored frames for display, counter-clockwise: 0, 90, 180 or
 *     270 degrees. Frames are processed upright (turned) and stored turned back with the same
 *     rotation.
 * @param frameRate frames per second
 * @param timeBase the unit of the video stream's timestamps
 * @param frameCount the number of frames the container states, if it does (only a hint for
 *     progress: the frames are counted as they are decoded)
 * @param durationSeconds the stated duration, if any
 * @param audioStreams how many audio streams there are
 * @param container the container format's name (e.g. {@code mov,mp4,m4a,3gp,3g2,mj2})
 * @param videoCodec the video codec's name (e.g. {@code h264})
 */
public record VideoInfo(int codedWidth, int codedHeight, int rotation, Rational frameRate, Rational timeBase,
        OptionalLong frameCount, OptionalDouble durationSeconds, int audioStreams, String container,
        String videoCodec) {

    /**
     * @param codedWidth see {@link #codedWidth()}
     * @param codedHeight see {@link #codedHeight()}
     * @param rotation see {@link #rotation()}
     * @param frameRate see {@link #frameRate()}
     * @param timeBase see {@link #timeBase()}
     * @param frameCount see {@link #frameCount()}
     * @param durationSeconds see {@link #durationSeconds()}
     * @param audioStreams see {@link #audioStreams()}
     * @param container see {@link #container()}
     * @param videoCodec see {@link #videoCodec()}
     * @throws IllegalArgumentException if a size is not positive, the rotation is not a multiple of
     *     90 in [0, 360), or a count is negative
     */
    public VideoInfo {
        if (codedWidth < 1 || codedHeight < 1) {
            throw new IllegalArgumentException("frame size must be positive, got " + codedWidth + "x" + codedHeight);
        }
        if (rotation < 0 || rotation >= 360 || rotation % 90 != 0) {
            throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270, got " + rotation);
        }
        Objects.requireNonNull(frameRate, "frameRate");
        Objects.requireNonNull(timeBase, "timeBase");
        Objects.requireNonNull(frameCount, "frameCount");
        Objects.requireNonNull(durationSeconds, "durationSeconds");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(videoCodec, "videoCodec");
        if (frameCount.isPresent() && frameCount.getAsLong() < 0 || audioStreams < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** @return whether the rotation swaps width and height */
    public boolean quarterTurned() {
        return rotation % 180 != 0;
    }

    /** @return columns of the upright frames the library processes */
    public int frameWidth() {
        return quarterTurned() ? codedHeight : codedWidth;
    }

    /** @return rows of the upright frames the library processes */
    public int frameHeight() {
        return quarterTurned() ? codedWidth : codedHeight;
    }
}
