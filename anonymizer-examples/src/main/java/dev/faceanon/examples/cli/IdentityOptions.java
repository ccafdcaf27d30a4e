package dev.faceanon.examples.cli;

import dev.faceanon.batch.IdentityMode;
import dev.faceanon.batch.IdentitySettings;
import dev.faceanon.face.FaceRecognizer;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The identity audit and keep-gallery options of anonymize, swap and redact; {@link IdentitySettings} (shared with
 * Spark) checks them.
 */
final class IdentityOptions {

    @Option(names = "--identity-check", paramLabel = "MODE", converter = ModeConverter.class,
            description = {"fail-closed (anonymize's default: a generated face the face recognizer still matches to"
                    + " its input is generated again, then redacted), audit (the default of swap and redact: every"
                    + " output face's distance to its input is reported) or off (no recognizer is loaded; nothing is"
                    + " checked). The recognizer, face-api's (13 MB), is fetched once."})
    IdentityMode mode;

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
     * @return the settings of these options, to which a command may add its own (the retries of anonymize)
     */
    IdentitySettings.Builder settings() {
        return IdentitySettings.builder().mode(mode).threshold(threshold).keepDirectory(keep)
                .keepThreshold(keepThreshold);
    }

    /** picocli converter of {@code --identity-check}. */
    static final class ModeConverter implements ITypeConverter<IdentityMode> {
        @Override
        public IdentityMode convert(String value) {
            return IdentityMode.parse(value);
        }
    }
}
