package dev.faceanon.examples.cli;

import dev.faceanon.CallOptions;
import java.awt.image.BufferedImage;
import java.util.List;

/** What a batch command does to one image. */
interface PhotoOperation {

    /**
     * The result image and what was done to each face.
     *
     * @param image the new image
     * @param faces one report per face
     */
    record Result(BufferedImage image, List<FaceReport> faces) {}

    /**
     * @param item which image of the batch (for caller-supplied faces)
     * @param image its pixels, upright
     * @param options progress and cancellation for this image
     * @return the result
     */
    Result apply(BatchPlan.Item item, BufferedImage image, CallOptions options);
}
