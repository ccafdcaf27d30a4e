package dev.faceanon.batch;

import java.util.Locale;

/**
 * How a batch checks the identity of every output face with the face recognizer ({@link IdentitySettings}). Written
 * in lower case with '-' ({@code fail-closed}) by the command line and by Spark.
 */
public enum IdentityMode {
    /** Audit, and generate again then redact faces that still match their input (anonymization only; its default). */
    FAIL_CLOSED,
    /** Audit and report every output face (the default of swaps and redactions). */
    AUDIT,
    /** Load no recognizer: no audit, no keep gallery. */
    OFF;

    /** @return the mode as users write it: {@code fail-closed}, {@code audit}, {@code off} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param value a mode as users write it
     * @return the mode
     * @throws IllegalArgumentException naming the value unless it is fail-closed, audit or off
     */
    public static IdentityMode parse(String value) {
        for (IdentityMode m : values()) {
            if (m.toString().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("expected fail-closed, audit or off, got '" + value + "'");
    }
}
