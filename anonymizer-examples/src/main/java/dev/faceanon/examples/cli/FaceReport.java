package dev.faceanon.examples.cli;

import dev.faceanon.face.BoundingBox;
import java.util.Locale;

/**
 * What a command did to one face, for the summary and the JSON report.
 *
 * @param index position of the face in processing order
 * @param box where it is in the photo (the whole image for an aligned crop)
 * @param action what was done: "anonymized", "swapped", "redacted", "unchanged"
 * @param asked whether that is what the command was asked to do; false for a fallback (a face
 *     redacted because it could not be anonymized, a face left unchanged because it could not be swapped)
 * @param reason why a fallback happened; empty otherwise. Never image content or personal data.
 */
record FaceReport(int index, BoundingBox box, String action, boolean asked, String reason) {

    String describe() {
        return String.format(Locale.ROOT, "face %d at (%s, %s) %sx%s: %s%s", index + 1, pixels(box.x1()),
                pixels(box.y1()), pixels(box.width()), pixels(box.height()), action,
                reason.isEmpty() ? "" : " (" + reason + ")");
    }

    /** Whole pixels, or three digits for coordinates no photo has (a box can hold any finite value). */
    private static String pixels(double v) {
        return Math.abs(v) < 1e7 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2e", v);
    }
}
