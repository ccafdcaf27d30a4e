package dev.faceanon.batch;

import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import dev.faceanon.redact.Redaction;

/** The redactions batch processing offers, for the redaction itself and as the fallback of anonymization. */
public enum RedactionMethod {
    /** Every pixel black ({@link BlackOut}). */
    BLACK,
    /** A Gaussian blur ({@link GaussianBlur}). */
    BLUR,
    /** Coarse blocks ({@link Pixelate}). */
    PIXELATE;

    /** @return the redaction with its default settings */
    public Redaction redaction() {
        return switch (this) {
            case BLUR -> new GaussianBlur();
            case PIXELATE -> new Pixelate();
            case BLACK -> new BlackOut();
        };
    }
}
