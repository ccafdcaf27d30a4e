package dev.faceanon.examples.cli;

import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import dev.faceanon.redact.Redaction;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How strong a blur or a mosaic is, relative to each face's size in the photo: the options of {@code redact} and of
 * the fallback redaction of {@code anonymize}. An option for the other method is refused rather than ignored, so a
 * user who meant to strengthen the redaction is told it did not apply.
 */
final class RedactionStrength {

    @Option(names = "--pixelate-cells", paramLabel = "N",
            description = "PIXELATE: cells across each face, " + Pixelate.MIN_CELLS_ACROSS_FACE + " to "
                    + Pixelate.MAX_CELLS_ACROSS_FACE + "; fewer hide more (default: "
                    + Pixelate.DEFAULT_CELLS_ACROSS_FACE + ")")
    Integer cells;

    @Option(names = "--blur-sigma", paramLabel = "FRACTION",
            description = "BLUR: the Gaussian's sigma as a fraction of each face's size, "
                    + GaussianBlur.MIN_SIGMA_PER_FACE + " to " + GaussianBlur.MAX_SIGMA_PER_FACE
                    + "; larger hides more (default: " + GaussianBlur.DEFAULT_SIGMA_PER_FACE + ")")
    Double blurSigma;

    /**
     * @param method the method chosen
     * @param methodOption the option that chose it, for the message
     * @return the redaction with the strength given, or the default strength
     * @throws IllegalArgumentException if a strength is out of range or given for another method
     */
    Redaction redaction(RedactionMethod method, String methodOption) {
        requireFor(cells, "--pixelate-cells", RedactionMethod.PIXELATE, method, methodOption);
        requireFor(blurSigma, "--blur-sigma", RedactionMethod.BLUR, method, methodOption);
        return switch (method) {
            case BLUR -> blurSigma == null ? new GaussianBlur() : GaussianBlur.withSigmaPerFace(blurSigma);
            case PIXELATE -> cells == null ? new Pixelate() : Pixelate.withCellsAcrossFace(cells);
            case BLACK -> new BlackOut();
        };
    }

    private static void requireFor(Object value, String option, RedactionMethod applies, RedactionMethod method,
            String methodOption) {
        if (value != null && method != applies) {
            throw new IllegalArgumentException(option + " applies to " + methodOption + " "
                    + applies.name().toLowerCase(Locale.ROOT) + ", not to " + method.name().toLowerCase(Locale.ROOT));
        }
    }
}
