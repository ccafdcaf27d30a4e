package dev.faceanon;

import dev.faceanon.noise.NoiseSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-call options: progress, cancellation and, for parity tests and advanced uses, the noise.
 * Build with {@link #builder()}; the listener and token are fixed once built.
 *
 * <p>Nothing in them is shared unless the caller shares it: {@link #defaults()} and every
 * {@link Builder#build()} without an explicit token get a token of their own, so cancelling it
 * stops only calls made with that very options object. Options may serve any number of calls,
 * except options carrying a noise source: a source is consumed as a call draws from it, so it
 * serves exactly one call, and a second call with these options (or with others built from the
 * same {@link Builder#noise} setting) throws {@link IllegalStateException}.
 */
public final class CallOptions {
    private final ProgressListener progress;
    private final CancellationToken cancellation;
    private final SingleUseNoise noise;

    /** A noise source and whether a call consumed it, shared by every build that carries it. */
    private record SingleUseNoise(NoiseSource source, AtomicBoolean used) {}

    private CallOptions(Builder b) {
        this.progress = b.progress;
        this.cancellation = b.cancellation != null ? b.cancellation : new CancellationToken();
        this.noise = b.noise;
    }

    /**
     * @return new options: no progress, a token of their own, noise from the config's seed; a new
     *     object on every call, so that cancelling its token affects no other call
     */
    public static CallOptions defaults() {
        return builder().build();
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
        return Optional.ofNullable(noise).map(SingleUseNoise::source);
    }

    /**
     * Marks these options as used by a call, which consumes their noise source if they have one.
     *
     * @param call the public method, for the message
     * @return these options
     * @throws IllegalStateException if their noise source served a call already
     */
    CallOptions claimFor(String call) {
        if (noise != null && !noise.used().compareAndSet(false, true)) {
            throw new IllegalStateException(call + ": these CallOptions' noise source already served a call, and a"
                    + " noise source serves one call only (the call consumes it); build new options for each call");
        }
        return this;
    }

    /** Builder of {@link CallOptions}. */
    public static final class Builder {
        private ProgressListener progress = ProgressListener.NONE;
        /** Null: each build gets a token of its own. */
        private CancellationToken cancellation;
        private SingleUseNoise noise;

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
         * @param cancellation a token another thread may cancel; every options object built with it
         *     shares it (without one, each build gets its own)
         * @return this builder
         */
        public Builder cancellation(CancellationToken cancellation) {
            this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
            return this;
        }

        /**
         * @param noise the noise of the call (e.g. replayed from a recording); options built with it
         *     serve one call between them (each build carries this same source, which the call consumes)
         * @return this builder
         */
        public Builder noise(NoiseSource noise) {
            this.noise = new SingleUseNoise(Objects.requireNonNull(noise, "noise"), new AtomicBoolean());
            return this;
        }

        /** @return the options */
        public CallOptions build() {
            return new CallOptions(this);
        }
    }
}
