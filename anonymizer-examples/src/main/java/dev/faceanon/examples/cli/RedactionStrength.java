package dev.faceanon.examples.cli;

import dev.faceanon.batch.RedactionMethod;
import dev.faceanon.batch.RedactionSettings;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import picocli.CommandLine.Option;

/**
 * How strong a blur or a mosaic is, relative to each face's size in the photo: the options of {@code redact} and of
 * the fallback redaction of {@code anonymize}. {@link RedactionSettings} (shared with Spark) refuses an option for
 * the other method rather than ignoring it, so a user who meant to strengthen the redaction is told it did not apply.
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
    RedactionSettings redaction(RedactionMethod method, String methodOption) {
        return RedactionSettings.of(method, methodOption, cells, blurSigma, CliContext.SETTING_NAMES);
    }
}
