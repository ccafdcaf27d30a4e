package dev.faceanon.video;

import java.util.Objects;

/**
 * Consecutive frames in which a track's face was not processed as asked, for one reason: redacted
 * instead of anonymized, redacted over the square around its box, or left unchanged by a swap.
 *
 * @param trackId the track
 * @param firstFrame the first frame of the span
 * @param lastFrame the last frame of the span
 * @param action what was done instead
 * @param reason why (the first frame's reason where consecutive frames give the same kind)
 */
public record FallbackSpan(int trackId, int firstFrame, int lastFrame, TrackedFaceOutcome.Action action,
        String reason) {

    /**
     * @param trackId see {@link #trackId()}
     * @param firstFrame see {@link #firstFrame()}
     * @param lastFrame see {@link #lastFrame()}
     * @param action see {@link #action()}
     * @param reason see {@link #reason()}
     * @throws IllegalArgumentException if the span is empty
     */
    public FallbackSpan {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        if (firstFrame < 0 || lastFrame < firstFrame) {
            throw new IllegalArgumentException("empty span " + firstFrame + ".." + lastFrame);
        }
    }

    /** @return how many frames the span holds */
    public int frames() {
        return lastFrame - firstFrame + 1;
    }
}
