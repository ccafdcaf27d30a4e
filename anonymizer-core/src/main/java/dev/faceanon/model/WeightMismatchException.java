package dev.faceanon.model;

import dev.faceanon.text.UntrustedText;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A checkpoint does not hold the parameters a model expects: keys are missing, unexpected, or have
 * the wrong shape. All problems are reported at once, so that one look at the message tells whether
 * the wrong file, the wrong config, or a different model version was given.
 *
 * <p>The keys come from the checkpoint, which is untrusted: the message shows them escaped and
 * the missing and unexpected ones, past {@value UntrustedText#MAX_QUOTED_CHARS} characters,
 * shortened ({@link UntrustedText}); the accessors return them as the checkpoint has them.
 */
public class WeightMismatchException extends ModelFileException {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 12;

    /** Serialized with the exception: see the accessor of the same name. */
    private final List<String> missing;
    /** Serialized with the exception: see the accessor of the same name. */
    private final List<String> unexpected;
    /** Serialized with the exception: see the accessor of the same name. */
    private final List<String> misShaped;

    /**
     * @param file the checkpoint
     * @param model what was being loaded, e.g. "UNet2DConditionModel"
     * @param missing keys the model needs that the checkpoint lacks
     * @param unexpected keys in the checkpoint the model does not use
     * @param misShaped descriptions "key: expected [..], found [..]"
     */
    public WeightMismatchException(Path file, String model, List<String> missing, List<String> unexpected,
            List<String> misShaped) {
        super(file, describe(model, missing, unexpected, misShaped));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misShaped = List.copyOf(misShaped);
    }

    private static String describe(String model, List<String> missing, List<String> unexpected,
            List<String> misShaped) {
        StringBuilder sb = new StringBuilder("checkpoint does not match ").append(model).append(": ")
                .append(missing.size()).append(" missing, ").append(unexpected.size()).append(" unexpected, ")
                .append(misShaped.size()).append(" mis-shaped keys");
        append(sb, "missing", missing, UntrustedText::abbreviate);
        append(sb, "unexpected", unexpected, UntrustedText::abbreviate);
        // Not shortened, the shapes at their end being the point; escaped with the whole message (ModelFileException).
        append(sb, "mis-shaped", misShaped, UnaryOperator.identity());
        sb.append(". Check that the file belongs to this model and that its config.json matches it.");
        return sb.toString();
    }

    private static void append(StringBuilder sb, String label, List<String> keys, UnaryOperator<String> shown) {
        if (keys.isEmpty()) {
            return;
        }
        sb.append("; ").append(label).append(": ");
        sb.append(keys.stream().limit(SHOWN).map(shown).collect(Collectors.joining(", ")));
        if (keys.size() > SHOWN) {
            sb.append(", ... (").append(keys.size() - SHOWN).append(" more)");
        }
    }

    /** @return keys the model needs that the checkpoint lacks */
    public List<String> missing() {
        return missing;
    }

    /** @return keys in the checkpoint that the model does not use */
    public List<String> unexpected() {
        return unexpected;
    }

    /** @return "key: expected [..], found [..]" for each key of the wrong shape */
    public List<String> misShaped() {
        return misShaped;
    }
}
