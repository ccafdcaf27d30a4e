package dev.faceanon.batch;

import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import java.util.Locale;

/**
 * The redactions batch processing offers, for the redaction itself and as the fallback of anonymization;
 * {@link RedactionSettings} adds the strength.
 */
public enum RedactionMethod {
    /** Every pixel black ({@link BlackOut}). */
    BLACK,
    /** A Gaussian blur with a sigma relative to each face's size ({@link GaussianBlur}). */
    BLUR,
    /** A mosaic with a number of cells across each face ({@link Pixelate}). */
    PIXELATE;

    /** @return the method as reports name it: {@code black}, {@code blur}, {@code pixelate} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
