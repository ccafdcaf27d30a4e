package dev.faceanon.identity;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Whether a face the library output can still be recognised as the face it replaced: the
 * {@link dev.faceanon.face.FaceRecognizer}'s descriptor distance between the input face (in the input photo) and
 * the output (in the output photo, described at the same box and landmarks, or the output crop for an aligned crop),
 * judged against a threshold. Below the threshold the recognizer takes the two for the same person.
 *
 * <p>For a swap, {@link #distance()} is the distance to the target's original face (the person who was in the photo)
 * and {@link #distanceToIdentity()} the distance to the identity face that was swapped in; the verdict is about the
 * former. A successful swap has a large {@code distance} and a small {@code distanceToIdentity}.
 *
 * <p>Audits carry numbers and verdicts only, never descriptors.
 *
 * @param verdict what the distance says
 * @param distance the distance between input and output; empty when it could not be measured
 * @param threshold the match threshold the verdict was judged against
 * @param distanceToIdentity for a swap, the distance between the output and the identity face; empty otherwise
 * @param tries every generation of the face with its seed and distance, in order (empty for a face that was not
 *     generated, such as a face redacted because it was too small)
 * @param note why the distance could not be measured; empty when it was
 */
public record IdentityAudit(Verdict verdict, OptionalDouble distance, double threshold,
        OptionalDouble distanceToIdentity, List<IdentityTry> tries, String note) {

    /** What an audit found. */
    public enum Verdict {
        /** The output is at least the threshold away from the input: the recognizer no longer matches them. */
        CHANGED,
        /** The output is closer than the threshold to the input: the recognizer still takes it for that person. */
        STILL_MATCHES,
        /**
         * The recognizer could not describe the face (its crop lies outside the photo); {@link #note()} says why.
         */
        NOT_MEASURED
    }

    /**
     * Creates an instance, checking its components.
     *
     * @param verdict what the distance says
     * @param distance the distance between input and output; empty when it could not be measured
     * @param threshold the match threshold the verdict was judged against
     * @param distanceToIdentity for a swap, the distance between the output and the identity face; empty otherwise
     * @param tries every generation of the face with its seed and distance, in order (empty for a face that was not
     *     generated, such as a face redacted because it was too small)
     * @param note why the distance could not be measured; empty when it was
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the threshold or a distance is not finite and positive (distances may be
     *     0), or the verdict does not follow from the distance and the threshold, or a measured audit has a note
     */
    public IdentityAudit {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(distance, "distance");
        Objects.requireNonNull(distanceToIdentity, "distanceToIdentity");
        tries = List.copyOf(tries);
        Objects.requireNonNull(note, "note");
        IdentityCheck.requireThreshold(threshold);
        if (distance.isPresent()) {
            requireDistance(distance.getAsDouble(), "distance");
            Verdict expected = distance.getAsDouble() < threshold ? Verdict.STILL_MATCHES : Verdict.CHANGED;
            if (verdict != expected) {
                throw new IllegalArgumentException("a distance of " + distance.getAsDouble() + " with threshold "
                        + threshold + " is " + expected + ", not " + verdict);
            }
            if (!note.isEmpty()) {
                throw new IllegalArgumentException("a measured audit has no note");
            }
        } else if (verdict != Verdict.NOT_MEASURED || note.isEmpty()) {
            throw new IllegalArgumentException("an audit without a distance is NOT_MEASURED and says why");
        }
        if (distanceToIdentity.isPresent()) {
            requireDistance(distanceToIdentity.getAsDouble(), "distanceToIdentity");
        }
    }

    /**
     * @param distance the distance between input and output
     * @param threshold the match threshold
     * @param tries the generations of the face
     * @return the audit, with the verdict the distance gives
     */
    public static IdentityAudit measured(double distance, double threshold, List<IdentityTry> tries) {
        return new IdentityAudit(distance < threshold ? Verdict.STILL_MATCHES : Verdict.CHANGED,
                OptionalDouble.of(distance), threshold, OptionalDouble.empty(), tries, "");
    }

    /**
     * @param threshold the match threshold
     * @param why why the face could not be described
     * @param tries the generations of the face
     * @return an audit without a distance
     */
    public static IdentityAudit notMeasured(double threshold, String why, List<IdentityTry> tries) {
        return new IdentityAudit(Verdict.NOT_MEASURED, OptionalDouble.empty(), threshold, OptionalDouble.empty(),
                tries, why);
    }

    /**
     * @param distance the distance between the output and the identity face of a swap
     * @return a copy with it
     */
    public IdentityAudit withDistanceToIdentity(double distance) {
        return new IdentityAudit(verdict, this.distance, threshold, OptionalDouble.of(distance), tries, note);
    }

    /** @return true if the recognizer still takes the output for the input face */
    public boolean stillMatches() {
        return verdict == Verdict.STILL_MATCHES;
    }

    /**
     * @return for a swap, true if the recognizer takes the output for the identity person; false otherwise and for
     *     audits without that distance
     */
    public boolean matchesIdentity() {
        return distanceToIdentity.isPresent() && distanceToIdentity.getAsDouble() < threshold;
    }

    private static void requireDistance(double d, String name) {
        if (!(d >= 0 && Double.isFinite(d))) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + d);
        }
    }
}
