package dev.faceanon.batch;

import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import dev.faceanon.redact.Redaction;
import java.io.Serializable;
import java.util.Objects;

/**
 * A redaction method with its strength relative to each face's size in the photo: the cells of a mosaic across the
 * face, the sigma of a blur as a fraction of the face's size (docs/redaction.md). The method of {@code redact} and
 * the fallback of {@code anonymize} alike. Immutable and serializable (Spark sends it to the executors).
 */
public final class RedactionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The method. */
    private final RedactionMethod method;
    /** Null for the default strength. */
    private final Integer pixelateCells;
    /** Null for the default strength. */
    private final Double blurSigma;

    private RedactionSettings(RedactionMethod method, Integer pixelateCells, Double blurSigma) {
        this.method = Objects.requireNonNull(method, "method");
        this.pixelateCells = pixelateCells;
        this.blurSigma = blurSigma;
        redaction();
    }

    /**
     * @param method the method
     * @return it at its default strength
     */
    public static RedactionSettings of(RedactionMethod method) {
        return new RedactionSettings(method, null, null);
    }

    /**
     * A method with the strengths the user gave. A strength given for another method is refused rather than
     * ignored, so that a user who meant to strengthen the redaction is told it did not apply.
     *
     * @param method the method
     * @param methodSetting how the user chose the method ({@code --method}, {@code --fallback}), for messages
     * @param pixelateCells cells across each face for {@link RedactionMethod#PIXELATE}; null for the default
     * @param blurSigma sigma per face size for {@link RedactionMethod#BLUR}; null for the default
     * @param names how the user names the strength settings, for messages
     * @return the settings
     * @throws IllegalArgumentException naming the setting if a strength is out of range or given for another method
     */
    public static RedactionSettings of(RedactionMethod method, String methodSetting, Integer pixelateCells,
            Double blurSigma, SettingNames names) {
        requireFor(pixelateCells, names.pixelateCells(), RedactionMethod.PIXELATE, method, methodSetting);
        requireFor(blurSigma, names.blurSigma(), RedactionMethod.BLUR, method, methodSetting);
        return new RedactionSettings(method, pixelateCells, blurSigma);
    }

    private static void requireFor(Object value, String setting, RedactionMethod applies, RedactionMethod method,
            String methodSetting) {
        if (value != null && method != applies) {
            throw new IllegalArgumentException(setting + " applies to " + methodSetting + " " + applies.label()
                    + ", not to " + method.label());
        }
    }

    /** @return the method */
    public RedactionMethod method() {
        return method;
    }

    /** @return the redaction, with the strength given or the default strength */
    public Redaction redaction() {
        return switch (method) {
            case BLUR -> blurSigma == null ? new GaussianBlur() : GaussianBlur.withSigmaPerFace(blurSigma);
            case PIXELATE -> pixelateCells == null ? new Pixelate() : Pixelate.withCellsAcrossFace(pixelateCells);
            case BLACK -> new BlackOut();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedactionSettings r && method == r.method && Objects.equals(pixelateCells, r.pixelateCells)
                && Objects.equals(blurSigma, r.blurSigma);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, pixelateCells, blurSigma);
    }

    @Override
    public String toString() {
        return redaction().toString();
    }
}
