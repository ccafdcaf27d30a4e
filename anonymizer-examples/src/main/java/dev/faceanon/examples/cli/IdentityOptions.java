package dev.faceanon.examples.cli;

import dev.faceanon.face.FaceRecognizer;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The identity audit and keep-gallery options of anonymize, swap and redact. */
final class IdentityOptions {

    /** The values of {@code --identity-check}. */
    enum Mode {
        /** Audit, and generate again then redact faces that still match their input (anonymize only). */
        FAIL_CLOSED,
        /** Audit and report every output face. */
        AUDIT,
        /** Load no recognizer: no audit, no keep gallery. */
        OFF;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Option(names = "--identity-check", paramLabel = "MODE", converter = ModeConverter.class,
            description = {"fail-closed (anonymize's default: a generated face the face recognizer still matches to"
                    + " its input is generated again, then redacted), audit (the default of swap and redact: every"
                    + " output face's distance to its input is reported) or off (no recognizer is loaded; nothing is"
                    + " checked). The recognizer, face-api's (13 MB), is fetched once."})
    Mode mode;

    @Option(names = "--identity-threshold", paramLabel = "D", defaultValue = "" + FaceRecognizer.DEFAULT_MATCH_THRESHOLD,
            description = "descriptor distance under which an output face still counts as its input"
                    + " (default: ${DEFAULT-VALUE}, the recognizer's usual match threshold)")
    double threshold;

    @Option(names = "--keep", paramLabel = "DIR", description = "leave faces matching a reference photo in DIR as they"
            + " are (people who consented); the largest face of each photo is its reference. With --faces, the"
            + " reference photos are looked up in the faces file too.")
    Path keep;

    @Option(names = "--keep-threshold", paramLabel = "D", defaultValue = "" + FaceRecognizer.DEFAULT_MATCH_THRESHOLD,
            description = "descriptor distance under which a face matches a reference photo (default: ${DEFAULT-VALUE})")
    double keepThreshold;

    /**
     * @param defaultMode the command's default
     * @param failClosedAllowed whether the command can fail closed
     * @return the mode in effect
     * @throws IllegalArgumentException if the options contradict each other
     */
    Mode mode(Mode defaultMode, boolean failClosedAllowed) {
        Mode m = mode == null ? defaultMode : mode;
        if (m == Mode.FAIL_CLOSED && !failClosedAllowed) {
            throw new IllegalArgumentException("--identity-check fail-closed applies to anonymize only; use audit"
                    + " or off");
        }
        if (m == Mode.OFF && keep != null) {
            throw new IllegalArgumentException("--keep needs the face recognizer: it cannot be combined with"
                    + " --identity-check off");
        }
        if (!(threshold > 0 && Double.isFinite(threshold))) {
            throw new IllegalArgumentException("--identity-threshold must be a positive number, got " + threshold);
        }
        if (!(keepThreshold > 0 && Double.isFinite(keepThreshold))) {
            throw new IllegalArgumentException("--keep-threshold must be a positive number, got " + keepThreshold);
        }
        return m;
    }

    /** picocli converter of {@code --identity-check}. */
    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            for (Mode m : Mode.values()) {
                if (m.toString().equals(value)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("expected fail-closed, audit or off, got '" + value + "'");
        }
    }
}
