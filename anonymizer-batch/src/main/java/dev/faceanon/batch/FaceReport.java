package dev.faceanon.batch;

import dev.faceanon.FaceOutcome;
import dev.faceanon.SwapOutcome;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.Point;
import dev.faceanon.redact.RedactedFace;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a batch operation did to one face: the one record every front end (the command line's
 * summary and JSON report, Spark's per-face column) is built from, made from the library's result
 * objects by the factories below, so that a new field of those results is added here once.
 *
 * @param index position of the face in processing order
 * @param box where it is in the photo (the whole image for an aligned crop)
 * @param landmarks its landmarks in photo coordinates, as detected or supplied; empty for an
 *     aligned crop
 * @param action what was done: "anonymized", "swapped", "redacted", "redacted (METHOD)", "unchanged"
 * @param asked whether that is what the operation was asked to do; false for a fallback (a face
 *     redacted because it could not be anonymized, a face left unchanged because it could not be
 *     swapped, a face redacted over its box instead of its aligned crop)
 * @param reason why a fallback happened; empty otherwise. Never image content or personal data.
 * @param seed the seed the face's generation derived its noise from (the image's seed; each face's
 *     noise follows from it and the face's position); empty when the face was not generated or the
 *     seed was drawn at random
 */
public record FaceReport(int index, BoundingBox box, List<Point> landmarks, String action, boolean asked,
        String reason, OptionalLong seed) {

    /**
     * @throws NullPointerException if a component is null
     */
    public FaceReport {
        Objects.requireNonNull(box, "box");
        landmarks = List.copyOf(landmarks);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(seed, "seed");
    }

    /**
     * @param outcome a face of an anonymization
     * @param seed the seed of the image's generation, if known
     * @return its report: "anonymized", or "redacted" with the reason as a fallback
     */
    public static FaceReport of(FaceOutcome outcome, OptionalLong seed) {
        boolean anonymized = outcome.action() == FaceOutcome.Action.ANONYMIZED;
        return of(outcome.index(), outcome.face(), anonymized ? "anonymized" : "redacted", anonymized,
                outcome.reason(), anonymized ? seed : OptionalLong.empty());
    }

    /**
     * @param outcome a face of a swap
     * @param seed the seed of the image's generation, if known
     * @return its report: "swapped", or "unchanged" with the reason as a fallback
     */
    public static FaceReport of(SwapOutcome outcome, OptionalLong seed) {
        boolean swapped = outcome.action() == SwapOutcome.Action.SWAPPED;
        return of(outcome.index(), outcome.face(), swapped ? "swapped" : "unchanged", swapped, outcome.reason(),
                swapped ? seed : OptionalLong.empty());
    }

    /**
     * @param index the face's position
     * @param redacted a face of a redaction
     * @param method the redaction
     * @return its report: "redacted (method)", a fallback when not its aligned crop was redacted
     */
    public static FaceReport of(int index, RedactedFace redacted, RedactionMethod method) {
        return of(index, redacted.face(), "redacted (" + method.name().toLowerCase(Locale.ROOT) + ")",
                redacted.area() == RedactedFace.Area.ALIGNED_CROP, redacted.reason(), OptionalLong.empty());
    }

    /**
     * @param action what was done to the crop ("anonymized", "swapped")
     * @param width the crop's width
     * @param height the crop's height
     * @param seed the seed of its generation, if known
     * @return the report of an aligned face crop processed whole: the face is the whole image
     */
    public static FaceReport alignedCrop(String action, int width, int height, OptionalLong seed) {
        return new FaceReport(0, new BoundingBox(0, 0, width, height), List.of(), action, true, "", seed);
    }

    private static FaceReport of(int index, Face face, String action, boolean asked, String reason,
            OptionalLong seed) {
        return new FaceReport(index, face.box(), face.landmarks(), action, asked, reason, seed);
    }

    /** @return one line for a summary: position (from 1), box in whole pixels, action and reason */
    public String describe() {
        return String.format(Locale.ROOT, "face %d at (%s, %s) %sx%s: %s%s", index + 1, pixels(box.x1()),
                pixels(box.y1()), pixels(box.width()), pixels(box.height()), action,
                reason.isEmpty() ? "" : " (" + reason + ")");
    }

    /** Whole pixels, or three digits for coordinates no photo has (a box can hold any finite value). */
    private static String pixels(double v) {
        return Math.abs(v) < 1e7 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2e", v);
    }
}
