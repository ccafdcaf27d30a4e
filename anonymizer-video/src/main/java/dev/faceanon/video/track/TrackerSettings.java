package dev.faceanon.video.track;

/**
 * How faces are followed from frame to frame. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@link #detectEvery()}: the detector runs on every N-th frame (and on the last); the frames
 *       between get interpolated faces. Default 1, every frame.</li>
 *   <li>{@link #maxAge()}: a track that has not been detected for this many frames ends; until then
 *       it is predicted on, and a detection that matches it continues it (the frames of the gap
 *       are then interpolated). Default the larger of 12 and twice {@code detectEvery}.</li>
 *   <li>{@link #lookAhead()}: frames are written this many frames after they are read, so that a
 *       face first detected late is also covered in the frames before (backfill), and the frames
 *       between two detections are interpolated rather than predicted. At least
 *       {@code detectEvery}; default the larger of 8 and {@code detectEvery}. The frames of the window
 *       are held in memory.</li>
 *   <li>{@link #minIou()}: a detection continues a track if its box overlaps the track's predicted
 *       box by at least this intersection over union. Default 0.2.</li>
 *   <li>{@link #smoothingRadius()}: landmarks are averaged over this many frames on either side
 *       (within the track's detected span) before alignment, which steadies the aligned crop;
 *       boxes are never smoothed, since the box is what is covered. Default 2; 0 turns it off.</li>
 *   <li>{@link #growthPerFrame()}: a predicted or backfilled box is enlarged about its centre by this
 *       fraction of its size per frame of distance to the detection it comes from, up to twice its
 *       size, since the face may have moved. Default 0.05.</li>
 * </ul>
 */
public final class TrackerSettings {
    /** Largest value of the frame-count settings. */
    static final int MAX_FRAMES = 10_000;

    private final int detectEvery;
    private final int maxAge;
    private final int lookAhead;
    private final double minIou;
    private final int smoothingRadius;
    private final double growthPerFrame;

    private TrackerSettings(int detectEvery, int maxAge, int lookAhead, double minIou, int smoothingRadius,
            double growthPerFrame) {
        this.detectEvery = detectEvery;
        this.maxAge = maxAge;
        this.lookAhead = lookAhead;
        this.minIou = minIou;
        this.smoothingRadius = smoothingRadius;
        this.growthPerFrame = growthPerFrame;
    }

    /** @return the defaults (detection on every frame) */
    public static TrackerSettings defaults() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the detector runs on every this many frames */
    public int detectEvery() {
        return detectEvery;
    }

    /** @return the longest run of frames a track survives without a detection */
    public int maxAge() {
        return maxAge;
    }

    /** @return how many frames are read ahead of the frame being written */
    public int lookAhead() {
        return lookAhead;
    }

    /** @return the least intersection over union for a detection to continue a track */
    public double minIou() {
        return minIou;
    }

    /** @return frames on either side that landmarks are averaged over */
    public int smoothingRadius() {
        return smoothingRadius;
    }

    /** @return enlargement of predicted and backfilled boxes per frame of distance */
    public double growthPerFrame() {
        return growthPerFrame;
    }

    @Override
    public String toString() {
        return "TrackerSettings[detect every " + detectEvery + ", max age " + maxAge + ", look-ahead " + lookAhead
                + ", min IoU " + minIou + ", smoothing radius " + smoothingRadius + ", growth " + growthPerFrame + "]";
    }

    /** Builder of {@link TrackerSettings}. */
    public static final class Builder {
        private int detectEvery = 1;
        private Integer maxAge;
        private Integer lookAhead;
        private double minIou = 0.2;
        private int smoothingRadius = 2;
        private double growthPerFrame = 0.05;

        private Builder() {}

        /**
         * @param frames run the detector on every this many frames, 1..10000
         * @return this builder
         */
        public Builder detectEvery(int frames) {
            this.detectEvery = frames(frames, 1, "detectEvery");
            return this;
        }

        /**
         * @param frames how long a track survives without a detection, at least {@code detectEvery}
         * @return this builder
         */
        public Builder maxAge(int frames) {
            this.maxAge = frames(frames, 1, "maxAge");
            return this;
        }

        /**
         * @param frames frames read ahead of the one written, at least {@code detectEvery}
         * @return this builder
         */
        public Builder lookAhead(int frames) {
            this.lookAhead = frames(frames, 1, "lookAhead");
            return this;
        }

        /**
         * @param iou least overlap for a detection to continue a track, in (0, 1)
         * @return this builder
         */
        public Builder minIou(double iou) {
            if (!(iou > 0 && iou < 1)) {
                throw new IllegalArgumentException("minIou must be in (0, 1), got " + iou);
            }
            this.minIou = iou;
            return this;
        }

        /**
         * @param frames landmarks are averaged over this many frames on either side, 0..lookAhead (0: off)
         * @return this builder
         */
        public Builder smoothingRadius(int frames) {
            this.smoothingRadius = frames(frames, 0, "smoothingRadius");
            return this;
        }

        /**
         * @param fraction enlargement of predicted and backfilled boxes per frame of distance, 0..1
         * @return this builder
         */
        public Builder growthPerFrame(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("growthPerFrame must be in [0, 1], got " + fraction);
            }
            this.growthPerFrame = fraction;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException if {@code maxAge} or {@code lookAhead} is below
         *     {@code detectEvery} (tracks would end, or faces go unseen, between two detection runs)
         *     or the smoothing reaches beyond the look-ahead
         */
        public TrackerSettings build() {
            int age = maxAge != null ? maxAge : Math.min(MAX_FRAMES, Math.max(12, 2 * detectEvery));
            int ahead = lookAhead != null ? lookAhead : Math.max(8, detectEvery);
            if (age < detectEvery) {
                throw new IllegalArgumentException("maxAge (" + age + ") must be at least detectEvery (" + detectEvery
                        + "), or every track ends between two detection runs");
            }
            if (ahead < detectEvery) {
                throw new IllegalArgumentException("lookAhead (" + ahead + ") must be at least detectEvery ("
                        + detectEvery + "), or a face appearing between two detection runs is not covered until"
                        + " the second");
            }
            if (smoothingRadius > ahead) {
                throw new IllegalArgumentException("smoothingRadius (" + smoothingRadius + ") must not exceed"
                        + " lookAhead (" + ahead + "): later frames are not known yet");
            }
            return new TrackerSettings(detectEvery, age, ahead, minIou, smoothingRadius, growthPerFrame);
        }

        private static int frames(int value, int min, String name) {
            if (value < min || value > MAX_FRAMES) {
                throw new IllegalArgumentException(name + " must be in " + min + ".." + MAX_FRAMES + ", got " + value);
            }
            return value;
        }
    }
}
