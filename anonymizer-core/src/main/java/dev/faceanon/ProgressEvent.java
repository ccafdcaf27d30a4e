package dev.faceanon;

/**
 * One unit of completed work.
 *
 * @param stage the stage the unit belongs to
 * @param completed units of this stage completed so far (≥ 1)
 * @param total units of this stage
 * @param faceIndex index of the face being processed in a photo, 0 for single-face calls
 */
public record ProgressEvent(Stage stage, int completed, int total, int faceIndex) {

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
     * @throws IllegalArgumentException if the counts are inconsistent
     */
    public ProgressEvent {
        if (stage == null || completed < 1 || total < completed || faceIndex < 0) {
            throw new IllegalArgumentException("inconsistent progress " + stage + " " + completed + "/" + total);
        }
    }
}
