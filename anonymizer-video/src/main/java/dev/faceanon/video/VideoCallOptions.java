package dev.faceanon.video;

import dev.faceanon.CancellationToken;
import dev.faceanon.ProgressListener;
import java.util.Objects;

/**
 * Per-run options: progress of the frames, progress of each face's generation, cancellation.
 * Build with {@link #builder()}; {@link #defaults()} and every build without an explicit token get
 * a token of their own.
 */
public final class VideoCallOptions {
    private final VideoProgressListener progress;
    private final ProgressListener faceProgress;
    private final CancellationToken cancellation;

    private VideoCallOptions(Builder b) {
        this.progress = b.progress;
        this.faceProgress = b.faceProgress;
        this.cancellation = b.cancellation != null ? b.cancellation : new CancellationToken();
    }

    /** @return no progress and a token of their own */
    public static VideoCallOptions defaults() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return receives frames done, rate and time left */
    public VideoProgressListener progress() {
        return progress;
    }

    /** @return receives the denoising steps of each generated face */
    public ProgressListener faceProgress() {
        return faceProgress;
    }

    /** @return the run's cancellation */
    public CancellationToken cancellation() {
        return cancellation;
    }

    /** Builder of {@link VideoCallOptions}. */
    public static final class Builder {
        private VideoProgressListener progress = VideoProgressListener.NONE;
        private ProgressListener faceProgress = ProgressListener.NONE;
        private CancellationToken cancellation;

        private Builder() {}

        /**
         * @param progress receives progress after each frame written
         * @return this builder
         */
        public Builder progress(VideoProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * @param faceProgress receives the denoising progress of each generated face
         * @return this builder
         */
        public Builder faceProgress(ProgressListener faceProgress) {
            this.faceProgress = Objects.requireNonNull(faceProgress, "faceProgress");
            return this;
        }

        /**
         * @param cancellation a token another thread may cancel; a cancelled run leaves no output
         * @return this builder
         */
        public Builder cancellation(CancellationToken cancellation) {
            this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
            return this;
        }

        /** @return the options */
        public VideoCallOptions build() {
            return new VideoCallOptions(this);
        }
    }
}
