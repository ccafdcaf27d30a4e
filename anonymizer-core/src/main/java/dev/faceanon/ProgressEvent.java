package dev.faceanon;

/**
 * One unit of completed work.
 *
 * @param stage the stage the unit belongs to
 * @param completed units of this stage completed so far (≥ 1)
 * @param total units of this stage
 * @param faceIndex index of the face being processed in a photo, 0 for single-face calls
 * @param attempt which generation of the face this is: 1 for the first, 2, 3... when the face is generated again
 *     because its output still matched its input ({@link dev.faceanon.identity.IdentityCheck}); the stages of each
 *     generation are reported again from the start
 */
public record ProgressEvent(Stage stage, int completed, int total, int faceIndex, int attempt) {

    /** Stages of a generation, in order. */
    public enum Stage {
        /** Encoding the conditioning images (VAE, CLIP) and running the two ReferenceNets. */
        CONDITIONING,
        /** One denoising step. */
        DENOISING,
        /** Decoding the final latents. */
        DECODING
    }

    /**
     * Creates an instance, checking its components.
     *
     * @param stage the stage the unit belongs to
     * @param completed units of this stage completed so far (≥ 1)
     * @param total units of this stage
     * @param faceIndex index of the face being processed in a photo, 0 for single-face calls
     * @param attempt which generation of the face this is: 1 for the first, 2, 3... when the face is generated again
     *     because its output still matched its input ({@link dev.faceanon.identity.IdentityCheck}); the stages of each
     *     generation are reported again from the start
     * @throws IllegalArgumentException if the counts are inconsistent
     */
    public ProgressEvent {
        if (stage == null || completed < 1 || total < completed || faceIndex < 0 || attempt < 1) {
            throw new IllegalArgumentException("inconsistent progress " + stage + " " + completed + "/" + total
                    + " (face " + faceIndex + ", attempt " + attempt + ")");
        }
    }

    /**
     * An event of a face's first generation.
     *
     * @param stage the stage the unit belongs to
     * @param completed units of this stage completed so far (≥ 1)
     * @param total units of this stage
     * @param faceIndex index of the face being processed in a photo, 0 for single-face calls
     * @throws IllegalArgumentException if the counts are inconsistent
     */
    public ProgressEvent(Stage stage, int completed, int total, int faceIndex) {
        this(stage, completed, total, faceIndex, 1);
    }

    /**
     * @param attempt which generation of the face this is (≥ 1)
     * @return a copy of this event for that generation
     */
    public ProgressEvent withAttempt(int attempt) {
        return new ProgressEvent(stage, completed, total, faceIndex, attempt);
    }
}
