package dev.faceanon.identity;

import dev.faceanon.face.FaceRecognizer;

/**
 * How {@link dev.faceanon.FaceAnonymizer} checks that a generated face no longer matches the face it replaces.
 * Immutable; build with {@link #builder()}.
 *
 * <p>Every face is audited ({@link IdentityAudit}) against {@link #threshold()}. When {@link #failClosed()} (the
 * default), a generated face whose output is still closer than the threshold to its input is generated again with
 * another seed, at most {@link #retries()} more times, and then redacted with the anonymizer's fallback redaction,
 * and reported as redacted with the reason and every try's distance. Fail-closed is the default because
 * anonymization promises a face that no longer identifies its person: a generated face the recognizer still takes
 * for that person breaks the promise as surely as an untouched one, and a redacted face is what the library hands
 * back for every other face it could not anonymize. {@link #auditOnly()} measures and reports without regenerating.
 */
public final class IdentityCheck {
    /** Default of {@link #retries()}. */
    public static final int DEFAULT_RETRIES = 2;
    /** Largest {@link #retries()}: each try costs a whole generation. */
    public static final int MAX_RETRIES = 10;

    private final double threshold;
    private final boolean failClosed;
    private final int retries;

    private IdentityCheck(Builder b) {
        this.threshold = b.threshold;
        this.failClosed = b.failClosed;
        this.retries = b.retries;
    }

    /**
     * @return threshold {@link FaceRecognizer#DEFAULT_MATCH_THRESHOLD}, fail-closed, {@value #DEFAULT_RETRIES}
     *     retries
     */
    public static IdentityCheck defaults() {
        return builder().build();
    }

    /** @return the defaults, but only measuring and reporting: no face is generated again or redacted for it */
    public static IdentityCheck auditOnly() {
        return builder().failClosed(false).build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the distance under which input and output count as the same person */
    public double threshold() {
        return threshold;
    }

    /** @return whether faces that still match their input are generated again and then redacted */
    public boolean failClosed() {
        return failClosed;
    }

    /** @return how many more generations a face gets after its first still matches its input */
    public int retries() {
        return retries;
    }

    /**
     * @param threshold a match threshold
     * @return the threshold
     * @throws IllegalArgumentException unless it is finite and positive
     */
    static double requireThreshold(double threshold) {
        if (!(threshold > 0 && Double.isFinite(threshold))) {
            throw new IllegalArgumentException("the identity threshold must be a positive number, got " + threshold);
        }
        return threshold;
    }

    @Override
    public String toString() {
        return "IdentityCheck{threshold=" + threshold + (failClosed ? ", fail-closed after " + retries + " retries"
                : ", audit only") + "}";
    }

    /** Builder of {@link IdentityCheck}. */
    public static final class Builder {
        private double threshold = FaceRecognizer.DEFAULT_MATCH_THRESHOLD;
        private boolean failClosed = true;
        private int retries = DEFAULT_RETRIES;

        private Builder() {}

        /**
         * @param threshold the match threshold, positive; raise it to demand more difference from the input
         * @return this builder
         * @throws IllegalArgumentException unless it is finite and positive
         */
        public Builder threshold(double threshold) {
            this.threshold = requireThreshold(threshold);
            return this;
        }

        /**
         * @param failClosed true to generate again and then redact faces that still match their input; false to
         *     only report them
         * @return this builder
         */
        public Builder failClosed(boolean failClosed) {
            this.failClosed = failClosed;
            return this;
        }

        /**
         * @param retries further generations of a face that still matches its input, in [0, {@value #MAX_RETRIES}]
         *     (0: redact at once)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder retries(int retries) {
            if (retries < 0 || retries > MAX_RETRIES) {
                throw new IllegalArgumentException("identity retries must be in [0, " + MAX_RETRIES + "], got "
                        + retries);
            }
            this.retries = retries;
            return this;
        }

        /** @return the settings */
        public IdentityCheck build() {
            return new IdentityCheck(this);
        }
    }
}
