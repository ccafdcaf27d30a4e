package dev.faceanon.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.identity.IdentityTry;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command did to one face, for the summary and the JSON report.
 *
 * @param index position of the face in processing order
 * @param box where it is in the photo (the whole image for an aligned crop)
 * @param action what was done: "anonymized", "swapped", "redacted", "unchanged", "kept"
 * @param asked whether that is what the command was asked to do; false for a fallback (a face
 *     redacted because it could not be anonymized, a face left unchanged because it could not be swapped)
 * @param reason why a fallback happened or the face was kept; empty otherwise. Never image content.
 * @param audit the identity audit of the output face, when the recognizer was loaded
 * @param kept the keep gallery entry of a kept face
 */
record FaceReport(int index, BoundingBox box, String action, boolean asked, String reason,
        Optional<IdentityAudit> audit, Optional<GalleryMatch> kept) {

    FaceReport {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(kept, "kept");
    }

    /** A report without identity audit. */
    FaceReport(int index, BoundingBox box, String action, boolean asked, String reason) {
        this(index, box, action, asked, reason, Optional.empty(), Optional.empty());
    }

    /** @return whether the recognizer still takes the output for the input face */
    boolean stillMatches() {
        return audit.isPresent() && audit.get().stillMatches();
    }

    String describe() {
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

    /** @return the face as the JSON report lists it */
    JsonObject toJson() {
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
        o.addProperty("verdict", a.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'));
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
