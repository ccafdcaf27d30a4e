package dev.faceanon.examples.cli;

import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import dev.faceanon.redact.Redaction;

/** The redactions the command line offers. */
enum RedactionMethod {
    BLACK, BLUR, PIXELATE;

    Redaction redaction() {
        return switch (this) {
            case BLUR -> new GaussianBlur();
            case PIXELATE -> new Pixelate();
            case BLACK -> new BlackOut();
        };
    }
}
