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
 * Audits output faces with a {@link FaceRecognizer}: describes a face of the input photo once, then compares it
 * with what the output photo shows at the same box and landmarks (the recognizer cuts both with its own crop rule,
 * so both crops cover the same pixels). Immutable and thread-safe if the recognizer is; it does not own the
 * recognizer.
 */
public final class IdentityAuditor {
    /** The note of an audit whose face the recognizer could not describe. */
    public static final String NOT_DESCRIBABLE = "the recognizer cannot describe this face: its crop lies outside"
            + " the photo";

    private final FaceRecognizer recognizer;
    private final double threshold;

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
     * @param photo a photo
     * @param face a face of it
     * @return its descriptor; empty if the recognizer's crop of the face lies outside the photo
     */
    public Optional<FaceDescriptor> describe(RgbImage photo, Face face) {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(face, "face");
        try {
            return Optional.of(recognizer.describe(photo, face));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * @param crop an aligned face crop, the whole image being the face
     * @return its descriptor
     */
    public FaceDescriptor describeCrop(RgbImage crop) {
        return recognizer.describeCrop(Objects.requireNonNull(crop, "crop"));
    }

    /**
     * @param input the input face's descriptor, from {@link #describe}
     * @param output the output photo
     * @param face the face, at the same place in both photos
     * @return the distance between the input and what the output shows there; empty if either cannot be described
     */
    public OptionalDouble distance(Optional<FaceDescriptor> input, RgbImage output, Face face) {
        if (input.isEmpty()) {
            return OptionalDouble.empty();
        }
        Optional<FaceDescriptor> out = describe(output, face);
        return out.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(input.get().distanceTo(out.get()));
    }

    /**
     * @param input the input face's descriptor, from {@link #describe}
     * @param output the output photo
     * @param face the face, at the same place in both photos
     * @param tries the generations of the face
     * @return the audit
     */
    public IdentityAudit audit(Optional<FaceDescriptor> input, RgbImage output, Face face, List<IdentityTry> tries) {
        OptionalDouble d = distance(input, output, face);
        return d.isPresent() ? IdentityAudit.measured(d.getAsDouble(), threshold, tries)
                : IdentityAudit.notMeasured(threshold, NOT_DESCRIBABLE, tries);
    }

    /**
     * @param input the input crop's descriptor, from {@link #describeCrop}
     * @param output the output crop
     * @param tries the generations of the crop
     * @return the audit
     */
    public IdentityAudit auditCrop(FaceDescriptor input, RgbImage output, List<IdentityTry> tries) {
        return IdentityAudit.measured(input.distanceTo(describeCrop(output)), threshold, tries);
    }

    /**
     * The audit of a swapped face: the verdict on the distance between the output and the target's original face,
     * and the distance to the identity face beside it.
     *
     * @param target the target face's descriptor in the input
     * @param identity the identity face's descriptor; empty if it could not be described
     * @param output the output face's descriptor, described like the target
     * @param tryNumber the generation that made the output
     * @param seed its seed, if known
     * @return the audit; NOT_MEASURED if the target or the output could not be described
     */
    public IdentityAudit auditSwap(Optional<FaceDescriptor> target, Optional<FaceDescriptor> identity,
            Optional<FaceDescriptor> output, int tryNumber, OptionalLong seed) {
        if (target.isEmpty() || output.isEmpty()) {
            return IdentityAudit.notMeasured(threshold, NOT_DESCRIBABLE, List.of());
        }
        double d = target.get().distanceTo(output.get());
        IdentityAudit audit = IdentityAudit.measured(d, threshold, List.of(new IdentityTry(tryNumber, seed, d)));
        return identity.isPresent() ? audit.withDistanceToIdentity(identity.get().distanceTo(output.get())) : audit;
    }

    @Override
    public String toString() {
        return "IdentityAuditor[threshold " + threshold + "]";
    }
}
