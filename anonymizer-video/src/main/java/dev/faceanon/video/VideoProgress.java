package dev.faceanon.video;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Progress of a video run, after each frame written.
 *
 * @param framesDone frames written so far, at least 1
 * @param totalFrames the frame count the container states, if it does and has not been passed
 * @param elapsed time since the run started
 * @param framesPerSecond frames written per second of elapsed time
 * @param remaining estimated time to the end, at the rate so far; empty without a frame count
 */
public record VideoProgress(long framesDone, OptionalLong totalFrames, Duration elapsed, double framesPerSecond,
        Optional<Duration> remaining) {

    /**
     * @param framesDone see {@link #framesDone()}
     * @param totalFrames see {@link #totalFrames()}
     * @param elapsed see {@link #elapsed()}
     * @param framesPerSecond see {@link #framesPerSecond()}
     * @param remaining see {@link #remaining()}
     * @throws IllegalArgumentException if the counts are inconsistent
     */
    public VideoProgress {
        Objects.requireNonNull(totalFrames, "totalFrames");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(remaining, "remaining");
        if (framesDone < 1 || totalFrames.isPresent() && totalFrames.getAsLong() < framesDone
                || !(framesPerSecond >= 0)) {
            throw new IllegalArgumentException("inconsistent progress " + framesDone + "/" + totalFrames);
        }
    }
}
