package dev.faceanon.model;

import java.nio.file.Path;

/**
 * A file the model needs is not where it is expected. The message gives the expected path and what
 * the file is for, so that the user can fetch or point to it.
 */
public class MissingModelFileException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    /** Serialized with the exception: see the accessor of the same name. */
    private final String purpose;

    /**
     * @param expected where the file was looked for
     * @param purpose what the file is for, e.g. "denoising UNet weights (hkung/face-anon-simple, unet/)"
     */
    public MissingModelFileException(Path expected, String purpose) {
        super(expected, "missing: expected " + purpose + " here");
        this.purpose = purpose;
    }

    /** @return what the missing file is for */
    public String purpose() {
        return purpose;
    }
}
