package dev.faceanon.examples.cli;

/** The redactions the command line offers; {@link RedactionStrength} makes the library's object of one. */
enum RedactionMethod {
    BLACK, BLUR, PIXELATE
}
