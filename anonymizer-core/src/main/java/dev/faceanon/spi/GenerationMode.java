package dev.faceanon.spi;

/** What a generation does with its two reference images. */
public enum GenerationMode {
    /**
     * Anonymization: the conditioning image is also the identity source, whose identity is pushed
     * away according to the anonymization degree (0 keeps it: a reconstruction-style generation).
     */
    ANONYMIZE,
    /** Face swap: the identity image's identity in the conditioning image's pose, expression and scene. */
    SWAP
}
