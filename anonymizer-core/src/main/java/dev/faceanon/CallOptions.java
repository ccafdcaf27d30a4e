package dev.faceanon;

import dev.faceanon.noise.NoiseSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call options: progress, cancellation and, for parity tests and advanced uses, the noise.
 * Immutable; build with {@link #builder()}.
 */
public final class CallOptions {
    private static final CallOptions DEFAULTS = builder().build();

    private final ProgressListener progress;
    private final CancellationToken cancellation;
    private final NoiseSource noise;

    private CallOptions(Builder b) {
        this.progress = b.progress;
        this.cancellation = b.cancellation;
        this.noise = b.noise;
    }

    /** @return no progress, a token nobody cancels, noise from the config's seed */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the progress listener */
    public ProgressListener progress() {
        return progress;
    }

    /** @return the cancellation token */
    public CancellationToken cancellation() {
        return cancellation;
    }

    /**
     * @return the noise source to use instead of one seeded from the config; a source serves a
     *     single call
     */
    public Optional<NoiseSource> noise() {
        return Optional.ofNullable(noise);
    }

    /** Builder of {@link CallOptions}. */
    public static final class Builder {
        private ProgressListener progress = ProgressListener.NONE;
        private CancellationToken cancellation = new CancellationToken();
        private NoiseSource noise;

        private Builder() {}

        /**
         * @param progress receives progress events on the calling thread
         * @return this builder
         */
        public Builder progress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * @param cancellation a token another thread may cancel
         * @return this builder
         */
        public Builder cancellation(CancellationToken cancellation) {
            this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
            return this;
        }

        /**
         * @param noise the noise of the call (e.g. replayed from a recording)
         * @return this builder
         */
        public Builder noise(NoiseSource noise) {
            this.noise = Objects.requireNonNull(noise, "noise");
            return this;
        }

        /** @return the options */
        public CallOptions build() {
            return new CallOptions(this);
        }
    }
}
