package dev.faceanon.batch;

import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.IdentityCheck;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a batch checks identities with the face recognizer: the mode ({@link IdentityMode}), the match threshold of
 * the audits, the further generations of a face that still matches its input (fail-closed), and the keep gallery's
 * directory and threshold. The command line's {@code --identity-check}, {@code --identity-threshold},
 * {@code --identity-retries}, {@code --keep} and {@code --keep-threshold}; Spark's parameters of the same names.
 * Immutable and serializable (Spark sends it to the executors); {@link Builder#build} checks the whole.
 */
public final class IdentitySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The mode, resolved: never null. */
    private final IdentityMode mode;
    /** The audits' match threshold. */
    private final double threshold;
    /** Further generations of a face that still matches (fail-closed). */
    private final int retries;
    /** A string: paths are not serializable. Null without a keep gallery. */
    private final String keepDirectory;
    /** The keep gallery's match threshold. */
    private final double keepThreshold;

    private IdentitySettings(IdentityMode mode, Builder b) {
        this.mode = mode;
        this.threshold = b.threshold;
        this.retries = b.retries;
        this.keepDirectory = b.keepDirectory;
        this.keepThreshold = b.keepThreshold;
    }

    /** @return a builder: the operation's default mode, the recognizer's usual threshold, two retries, no gallery */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the mode */
    public IdentityMode mode() {
        return mode;
    }

    /** @return whether the face recognizer is loaded: every mode but {@link IdentityMode#OFF} */
    public boolean recognizer() {
        return mode != IdentityMode.OFF;
    }

    /** @return the descriptor distance under which an output face still counts as its input */
    public double threshold() {
        return threshold;
    }

    /** @return further generations of a face that still matches its input before it is redacted (fail-closed) */
    public int retries() {
        return retries;
    }

    /** @return the directory of the keep gallery's reference photos; empty without a gallery */
    public Optional<Path> keepDirectory() {
        return Optional.ofNullable(keepDirectory).map(Path::of);
    }

    /** @return the descriptor distance under which a face matches a reference photo */
    public double keepThreshold() {
        return keepThreshold;
    }

    /**
     * @return the library's check of generated faces: fail-closed or audit only, with this threshold and retries
     * @throws IllegalStateException if the mode is {@link IdentityMode#OFF}
     */
    public IdentityCheck check() {
        if (mode == IdentityMode.OFF) {
            throw new IllegalStateException("no identity check: the mode is off");
        }
        return IdentityCheck.builder().threshold(threshold).failClosed(mode == IdentityMode.FAIL_CLOSED)
                .retries(retries).build();
    }

    @Override
    public String toString() {
        return "IdentitySettings{mode=" + mode + ", threshold=" + threshold + ", retries=" + retries + ", keep="
                + (keepDirectory != null) + ", keepThreshold=" + keepThreshold + "}";
    }

    /** Builder of {@link IdentitySettings}. */
    public static final class Builder {
        private IdentityMode mode;
        private double threshold = FaceRecognizer.DEFAULT_MATCH_THRESHOLD;
        private int retries = IdentityCheck.DEFAULT_RETRIES;
        private String keepDirectory;
        private double keepThreshold = FaceRecognizer.DEFAULT_MATCH_THRESHOLD;

        private Builder() {}

        /**
         * @param mode the mode; null (the default) for the operation's: fail-closed for anonymization, audit for
         *     the others
         * @return this builder
         */
        public Builder mode(IdentityMode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * @param threshold the descriptor distance under which an output face still counts as its input (default
         *     {@value FaceRecognizer#DEFAULT_MATCH_THRESHOLD}, the recognizer's usual match threshold)
         * @return this builder
         */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * @param retries further generations of a face that still matches its input, each with the next seed,
         *     before it is redacted (default {@value IdentityCheck#DEFAULT_RETRIES})
         * @return this builder
         */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /**
         * @param directory the directory of the keep gallery's reference photos; null for no gallery
         * @return this builder
         */
        public Builder keepDirectory(Path directory) {
            this.keepDirectory = directory == null ? null : directory.toString();
            return this;
        }

        /**
         * @param keepThreshold the descriptor distance under which a face matches a reference photo (default
         *     {@value FaceRecognizer#DEFAULT_MATCH_THRESHOLD})
         * @return this builder
         */
        public Builder keepThreshold(double keepThreshold) {
            this.keepThreshold = keepThreshold;
            return this;
        }

        /**
         * @param anonymizes whether the operation anonymizes, the only one that can fail closed (it generates
         *     faces that must not be their input's); it decides the default mode
         * @param names how the user names the settings, for messages
         * @return the settings
         * @throws IllegalArgumentException naming the setting if fail-closed is asked of another operation, a keep
         *     gallery of a run without recognizer, or a threshold or the retries are out of range
         */
        public IdentitySettings build(boolean anonymizes, SettingNames names) {
            Objects.requireNonNull(names, "names");
            IdentityMode m = mode != null ? mode : anonymizes ? IdentityMode.FAIL_CLOSED : IdentityMode.AUDIT;
            if (m == IdentityMode.FAIL_CLOSED && !anonymizes) {
                throw new IllegalArgumentException(names.identityCheck() + " fail-closed applies to anonymize only;"
                        + " use audit or off");
            }
            if (m == IdentityMode.OFF && keepDirectory != null) {
                throw new IllegalArgumentException(names.keep() + " needs the face recognizer: it cannot be combined"
                        + " with " + names.identityCheck() + " off");
            }
            requirePositive(threshold, names.identityThreshold());
            requirePositive(keepThreshold, names.keepThreshold());
            // Out-of-range retries are refused whatever the mode: the user asked for them.
            IdentityCheck.builder().threshold(threshold).retries(retries).build();
            return new IdentitySettings(m, this);
        }

        private static void requirePositive(double value, String setting) {
            if (!(value > 0 && Double.isFinite(value))) {
                throw new IllegalArgumentException(setting + " must be a positive number, got " + value);
            }
        }
    }
}
