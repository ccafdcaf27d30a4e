package dev.faceanon.batch;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.faceanon.AlignedAnonymization;
import dev.faceanon.AlignedSwap;
import dev.faceanon.FaceOutcome;
import dev.faceanon.SwapOutcome;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.Point;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.identity.IdentityTry;
import dev.faceanon.redact.RedactedFace;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
 * @param action what was done: "anonymized", "swapped", "redacted", "redacted (METHOD)",
 *     "unchanged", "kept"
 * @param asked whether that is what the operation was asked to do; false for a fallback (a face
 *     redacted because it could not be anonymized, a face left unchanged because it could not be
 *     swapped, a face redacted over its box instead of its aligned crop). A kept face was asked.
 * @param reason why a fallback happened or the face was kept; empty otherwise. Never image content
 *     or personal data.
 * @param seed the seed the face's generation derived its noise from (the image's seed; each face's
 *     noise follows from it and the face's position); empty when the face was not generated or the
 *     seed was drawn at random
 * @param audit the identity audit of the output face, when the recognizer was loaded
 * @param kept the keep gallery entry a kept face matched
 */
public record FaceReport(int index, BoundingBox box, List<Point> landmarks, String action, boolean asked,
        String reason, OptionalLong seed, Optional<IdentityAudit> audit, Optional<GalleryMatch> kept) {

    /** The action of a face left as it was because it matched the keep gallery. */
    public static final String KEPT = "kept";

    /**
     * @param index position of the face in processing order
     * @param box where it is in the photo (the whole image for an aligned crop)
     * @param landmarks its landmarks in photo coordinates, as detected or supplied; empty for an
     *     aligned crop
     * @param action what was done: "anonymized", "swapped", "redacted", "redacted (METHOD)",
     *     "unchanged", "kept"
     * @param asked whether that is what the operation was asked to do; false for a fallback (a face
     *     redacted because it could not be anonymized, a face left unchanged because it could not be
     *     swapped, a face redacted over its box instead of its aligned crop). A kept face was asked.
     * @param reason why a fallback happened or the face was kept; empty otherwise. Never image content
     *     or personal data.
     * @param seed the seed the face's generation derived its noise from (the image's seed; each face's
     *     noise follows from it and the face's position); empty when the face was not generated or the
     *     seed was drawn at random
     * @param audit the identity audit of the output face, when the recognizer was loaded
     * @param kept the keep gallery entry a kept face matched
     * @throws NullPointerException if a component is null
     */
    public FaceReport {
        Objects.requireNonNull(box, "box");
        landmarks = List.copyOf(landmarks);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(kept, "kept");
    }

    /**
     * @param outcome a face of an anonymization
     * @param seed the seed of the image's generation, if known
     * @return its report: "anonymized"; "redacted" with the reason as a fallback; or "kept"
     */
    public static FaceReport of(FaceOutcome outcome, OptionalLong seed) {
        return anonymization(outcome.index(), outcome.face().box(), outcome.face().landmarks(), outcome.action(),
                outcome.reason(), seed, outcome.audit(), outcome.kept());
    }

    /**
     * @param crop an aligned face crop anonymized whole
     * @param width the crop's width
     * @param height the crop's height
     * @param seed the seed of its generation, if known
     * @return its report, the face being the whole image: as {@link #of(FaceOutcome, OptionalLong)}
     */
    public static FaceReport of(AlignedAnonymization crop, int width, int height, OptionalLong seed) {
        return anonymization(0, new BoundingBox(0, 0, width, height), List.of(), crop.action(), crop.reason(), seed,
                crop.audit(), crop.kept());
    }

    private static FaceReport anonymization(int index, BoundingBox box, List<Point> landmarks,
            FaceOutcome.Action action, String reason, OptionalLong seed, Optional<IdentityAudit> audit,
            Optional<GalleryMatch> kept) {
        return switch (action) {
            case ANONYMIZED -> new FaceReport(index, box, landmarks, "anonymized", true, reason, seed, audit, kept);
            case REDACTED -> new FaceReport(index, box, landmarks, "redacted", false, reason, OptionalLong.empty(),
                    audit, kept);
            case KEPT -> new FaceReport(index, box, landmarks, KEPT, true, reason, OptionalLong.empty(), audit, kept);
        };
    }

    /**
     * @param outcome a face of a swap
     * @param seed the seed of the image's generation, if known
     * @return its report: "swapped"; "unchanged" with the reason as a fallback; or "kept"
     */
    public static FaceReport of(SwapOutcome outcome, OptionalLong seed) {
        return swap(outcome.index(), outcome.face().box(), outcome.face().landmarks(), outcome.action(),
                outcome.reason(), seed, outcome.audit(), outcome.kept());
    }

    /**
     * @param crop an aligned face crop swapped whole
     * @param width the crop's width
     * @param height the crop's height
     * @param seed the seed of its generation, if known
     * @return its report, the face being the whole image: as {@link #of(SwapOutcome, OptionalLong)}
     */
    public static FaceReport of(AlignedSwap crop, int width, int height, OptionalLong seed) {
        return swap(0, new BoundingBox(0, 0, width, height), List.of(), crop.action(), crop.reason(), seed,
                crop.audit(), crop.kept());
    }

    private static FaceReport swap(int index, BoundingBox box, List<Point> landmarks, SwapOutcome.Action action,
            String reason, OptionalLong seed, Optional<IdentityAudit> audit, Optional<GalleryMatch> kept) {
        return switch (action) {
            case SWAPPED -> new FaceReport(index, box, landmarks, "swapped", true, reason, seed, audit, kept);
            case UNCHANGED -> new FaceReport(index, box, landmarks, "unchanged", false, reason, OptionalLong.empty(),
                    audit, kept);
            case KEPT -> new FaceReport(index, box, landmarks, KEPT, true, reason, OptionalLong.empty(), audit, kept);
        };
    }

    /**
     * @param index the face's position
     * @param redacted a face of a redaction
     * @param method the redaction
     * @param audit the audit of the redacted face, when the recognizer was loaded
     * @return its report: "redacted (method)", a fallback when not its aligned crop was redacted
     */
    public static FaceReport of(int index, RedactedFace redacted, RedactionMethod method,
            Optional<IdentityAudit> audit) {
        Face face = redacted.face();
        return new FaceReport(index, face.box(), face.landmarks(), "redacted (" + method.label() + ")",
                redacted.area() == RedactedFace.Area.ALIGNED_CROP, redacted.reason(), OptionalLong.empty(), audit,
                Optional.empty());
    }

    /**
     * @param index the face's position
     * @param face a face left as it was
     * @param match the keep gallery entry it matched
     * @return its report: "kept", with the entry as the reason
     */
    public static FaceReport kept(int index, Face face, GalleryMatch match) {
        return new FaceReport(index, face.box(), face.landmarks(), KEPT, true, match.describe(), OptionalLong.empty(),
                Optional.empty(), Optional.of(match));
    }

    /** @return whether the recognizer still takes the output for the input face */
    public boolean stillMatches() {
        return audit.isPresent() && audit.get().stillMatches();
    }

    /**
     * @return whether the face came out as intended: as asked, and not still matching its input by the identity
     *     check. A face that did not is what the command line's exit code 3 and Spark's status FALLBACK report.
     */
    public boolean asIntended() {
        return asked && !stillMatches();
    }

    /**
     * @param audit an audit
     * @return its verdict as the reports write it: {@code changed}, {@code still-matches}, {@code not-measured}
     */
    public static String verdict(IdentityAudit audit) {
        return audit.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return one line for a summary: position (from 1), box in whole pixels, action, reason and audit */
    public String describe() {
        return String.format(Locale.ROOT, "face %d at (%s, %s) %sx%s: %s%s%s", index + 1, pixels(box.x1()),
                pixels(box.y1()), pixels(box.width()), pixels(box.height()), action,
                reason.isEmpty() ? "" : " (" + reason + ")", audit.map(FaceReport::describe).orElse(""));
    }

    private static String describe(IdentityAudit a) {
        String verdict = switch (a.verdict()) {
            case CHANGED -> "no longer matches";
            case STILL_MATCHES -> "STILL MATCHES";
            case NOT_MEASURED -> "not measured (" + a.note() + ")";
        };
        if (a.distance().isEmpty()) {
            return "; identity check: " + verdict;
        }
        String identity = a.distanceToIdentity().isPresent() ? String.format(Locale.ROOT, ", %.2f from the identity"
                + " face", a.distanceToIdentity().getAsDouble()) : "";
        String tries = a.tries().size() > 1 ? ", after " + a.tries().size() + " generations" : "";
        return String.format(Locale.ROOT, "; identity check: %s its input (distance %.2f, threshold %.2f%s)%s", verdict,
                a.distance().getAsDouble(), a.threshold(), tries, identity);
    }

    /**
     * @return the face as the command line's JSON report lists it: {@code index}, {@code box}, {@code action},
     *     {@code asked}, {@code reason} (when not empty), {@code seed} (when known), {@code identity} (the audit:
     *     {@code verdict}, {@code distance}, {@code threshold}, {@code distanceToIdentity}, {@code note},
     *     {@code tries} with each {@code try}, {@code seed} and {@code distance}) and {@code kept} ({@code entry},
     *     {@code distance}). Spark's per-face struct has the same fields.
     */
    public JsonObject toJson() {
        JsonObject face = new JsonObject();
        face.addProperty("index", index);
        JsonArray b = new JsonArray();
        b.add(box.x1());
        b.add(box.y1());
        b.add(box.x2());
        b.add(box.y2());
        face.add("box", b);
        face.addProperty("action", action);
        face.addProperty("asked", asked);
        if (!reason.isEmpty()) {
            face.addProperty("reason", reason);
        }
        // With it, --seed reproduces this image alone.
        seed.ifPresent(s -> face.addProperty("seed", s));
        audit.ifPresent(a -> face.add("identity", toJson(a)));
        kept.ifPresent(k -> {
            JsonObject o = new JsonObject();
            o.addProperty("entry", k.name());
            o.addProperty("distance", k.distance());
            face.add("kept", o);
        });
        return face;
    }

    private static JsonObject toJson(IdentityAudit a) {
        JsonObject o = new JsonObject();
        o.addProperty("verdict", verdict(a));
        a.distance().ifPresent(d -> o.addProperty("distance", d));
        o.addProperty("threshold", a.threshold());
        a.distanceToIdentity().ifPresent(d -> o.addProperty("distanceToIdentity", d));
        if (!a.note().isEmpty()) {
            o.addProperty("note", a.note());
        }
        JsonArray tries = new JsonArray();
        for (IdentityTry t : a.tries()) {
            JsonObject tr = new JsonObject();
            tr.addProperty("try", t.number());
            t.seed().ifPresent(s -> tr.addProperty("seed", s));
            tr.addProperty("distance", t.distance());
            tries.add(tr);
        }
        o.add("tries", tries);
        return o;
    }

    /** Whole pixels, or three digits for coordinates no photo has (a box can hold any finite value). */
    private static String pixels(double v) {
        return Math.abs(v) < 1e7 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2e", v);
    }
}
