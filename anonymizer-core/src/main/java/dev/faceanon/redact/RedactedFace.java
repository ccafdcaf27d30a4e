package dev.faceanon.redact;

import dev.faceanon.face.Face;
import java.util.Objects;

/**
 * How {@link FaceRedactor} covered one face.
 *
 * @param face the face as given
 * @param area what was redacted
 * @param reason why not the aligned crop; empty when it was. Never contains image content.
 */
public record RedactedFace(Face face, Area area, String reason) {

    /** What was redacted for a face. */
    public enum Area {
        /** Its aligned crop, as the official redaction does. */
        ALIGNED_CROP,
        /**
         * The square around its box: its landmarks do not define an alignment or do not fit its
         * box ({@link dev.faceanon.align.LandmarkFit}).
         */
        BOX_SQUARE,
        /** Nothing: its box lies wholly outside the photo. */
        NONE
    }

    /**
     * Creates an instance, checking its components.
     *
     * @param face the face as given
     * @param area what was redacted
     * @param reason why not the aligned crop; empty when it was. Never contains image content.
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if an aligned crop has a reason or another area has none
     */
    public RedactedFace {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(reason, "reason");
        if ((area == Area.ALIGNED_CROP) != reason.isEmpty()) {
            throw new IllegalArgumentException(area == Area.ALIGNED_CROP ? "an aligned crop needs no reason"
                    : "a face redacted without its aligned crop needs the reason why");
        }
    }
}
