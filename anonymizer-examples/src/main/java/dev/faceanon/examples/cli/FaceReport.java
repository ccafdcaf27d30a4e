package dev.faceanon.examples.cli;

import dev.faceanon.face.BoundingBox;

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
        return String.format("face %d at (%.0f, %.0f) %.0fx%.0f: %s%s", index + 1, box.x1(), box.y1(), box.width(),
                box.height(), action, reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
