package dev.faceanon.identity;

import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.image.RgbImage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Audits output faces with a {@link FaceRecognizer}: describes a face of the input photo once ({@link #describe}),
 * then compares it with what the output photo shows at the same box and landmarks (the recognizer cuts both with its
 * own crop rule, so both crops cover the same pixels).
 *
 * <p>A verdict needs a face the recognizer can identify. An input face that is within the threshold of a
 * featureless image described at the same place (a uniform grey image: what the recognizer makes of no face) is one
 * it cannot tell from nobody, a drawing or a face too small or blurred for it; against such a face every output
 * would "match", a black-out included. It is reported {@link IdentityAudit.Verdict#NOT_MEASURED} with that reason,
 * and it never matches a keep gallery.
 *
 * <p>Thread-safe if the recognizer is; it does not own the recognizer.
 */
public final class IdentityAuditor {
    /** The note of an audit whose face the recognizer could not describe. */
    public static final String NOT_DESCRIBABLE = "the recognizer cannot describe this face: its crop lies outside"
            + " the photo";

    /**
     * An input face as the audit sees it.
     *
     * @param descriptor its descriptor, present when the recognizer identifies the face
     * @param note why there is none; empty when there is one
     */
    public record Input(Optional<FaceDescriptor> descriptor, String note) {
        /**
         * Creates an instance, checking its components.
         *
         * @param descriptor its descriptor, present when the recognizer identifies the face
         * @param note why there is none; empty when there is one
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException unless exactly one of descriptor and note is given
         */
        public Input {
            Objects.requireNonNull(descriptor, "descriptor");
            Objects.requireNonNull(note, "note");
            if (descriptor.isPresent() != note.isEmpty()) {
                throw new IllegalArgumentException("an input face has a descriptor or the reason why not");
            }
        }
    }

    private final FaceRecognizer recognizer;
    private final double threshold;
    private final FeaturelessImage featureless = new FeaturelessImage();

    /**
     * @param recognizer the recognizer
     * @param threshold the match threshold the verdicts are judged against
     * @throws IllegalArgumentException unless the threshold is finite and positive
     */
    public IdentityAuditor(FaceRecognizer recognizer, double threshold) {
        this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
        this.threshold = IdentityCheck.requireThreshold(threshold);
    }

    /** @return the recognizer */
    public FaceRecognizer recognizer() {
        return recognizer;
    }

    /** @return the match threshold */
    public double threshold() {
        return threshold;
    }

    /**
     * @param photo the input photo
     * @param face a face of it
     * @return its descriptor, or why the audit cannot use it (its crop lies outside the photo, or the recognizer does
     *     not tell it from a featureless image)
     */
    public Input describe(RgbImage photo, Face face) {
        Optional<FaceDescriptor> d = describeOutput(photo, face);
        if (d.isEmpty()) {
            return new Input(Optional.empty(), NOT_DESCRIBABLE);
        }
        double blank = featureless.distance(recognizer, photo, face, d.get());
        return blank < threshold ? new Input(Optional.empty(), FeaturelessImage.note(blank, threshold))
                : new Input(d, "");
    }

    /**
     * @param crop an input face crop, the whole image being the face
     * @return its descriptor, or why the audit cannot use it
     */
    public Input describeCrop(RgbImage crop) {
        Objects.requireNonNull(crop, "crop");
        FaceDescriptor d = recognizer.describeCrop(crop);
        double blank = featureless.distanceOfCrop(recognizer, crop, d);
        return blank < threshold ? new Input(Optional.empty(), FeaturelessImage.note(blank, threshold))
                : new Input(Optional.of(d), "");
    }

    /**
     * @param photo an output photo
     * @param face a face of it
     * @return the descriptor of what the photo shows there; empty if the recognizer's crop lies outside the photo
     */
    public Optional<FaceDescriptor> describeOutput(RgbImage photo, Face face) {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(face, "face");
        try {
            return Optional.of(recognizer.describe(photo, face));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * @param input the input face, from {@link #describe}
     * @param output the output photo
     * @param face the face, at the same place in both photos
     * @return the distance between the input and what the output shows there; empty if the input gives no verdict
     *     or the output cannot be described
     */
    public OptionalDouble distance(Input input, RgbImage output, Face face) {
        if (input.descriptor().isEmpty()) {
            return OptionalDouble.empty();
        }
        Optional<FaceDescriptor> out = describeOutput(output, face);
        return out.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(input.descriptor().get().distanceTo(out.get()));
    }

    /**
     * @param input the input face, from {@link #describe}
     * @param output the output photo
     * @param face the face, at the same place in both photos
     * @param tries the generations of the face
     * @return the audit
     */
    public IdentityAudit audit(Input input, RgbImage output, Face face, List<IdentityTry> tries) {
        OptionalDouble d = distance(input, output, face);
        return d.isPresent() ? IdentityAudit.measured(d.getAsDouble(), threshold, tries)
                : IdentityAudit.notMeasured(threshold, input.note().isEmpty() ? NOT_DESCRIBABLE : input.note(), tries);
    }

    /**
     * @param input the input crop, from {@link #describeCrop}
     * @param output the output crop
     * @param tries the generations of the crop
     * @return the audit
     */
    public IdentityAudit auditCrop(Input input, RgbImage output, List<IdentityTry> tries) {
        return input.descriptor().isEmpty() ? IdentityAudit.notMeasured(threshold, input.note(), tries)
                : IdentityAudit.measured(input.descriptor().get().distanceTo(recognizer.describeCrop(output)),
                        threshold, tries);
    }

    /**
     * The audit of a swapped face: the verdict on the distance between the output and the target's original face,
     * and the distance to the identity face beside it.
     *
     * @param target the target face, from {@link #describe} or {@link #describeCrop}
     * @param identity the identity face, likewise
     * @param output the output face's descriptor, described like the target ({@link #describeOutput})
     * @param tryNumber the generation that made the output
     * @param seed its seed, if known
     * @return the audit; NOT_MEASURED if the target gives no verdict or the output could not be described
     */
    public IdentityAudit auditSwap(Input target, Input identity, Optional<FaceDescriptor> output, int tryNumber,
            OptionalLong seed) {
        if (target.descriptor().isEmpty() || output.isEmpty()) {
            return IdentityAudit.notMeasured(threshold, target.note().isEmpty() ? NOT_DESCRIBABLE : target.note(),
                    List.of());
        }
        double d = target.descriptor().get().distanceTo(output.get());
        IdentityAudit audit = IdentityAudit.measured(d, threshold, List.of(new IdentityTry(tryNumber, seed, d)));
        return identity.descriptor().isPresent()
                ? audit.withDistanceToIdentity(identity.descriptor().get().distanceTo(output.get())) : audit;
    }

    @Override
    public String toString() {
        return "IdentityAuditor[threshold " + threshold + "]";
    }
}
