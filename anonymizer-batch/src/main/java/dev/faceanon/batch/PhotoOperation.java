package dev.faceanon.batch;

import dev.faceanon.CallOptions;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * What a batch does to one image: anonymize ({@link AnonymizeOperation}), swap
 * ({@link SwapOperation}) or redact ({@link RedactOperation}) its faces. Implementations are
 * immutable and thread-safe, so one serves every thread of a batch.
 */
public interface PhotoOperation {

    /**
     * The result image and what was done to each face.
     *
     * @param image the new image
     * @param faces one report per face, in processing order
     */
    record Result(BufferedImage image, List<FaceReport> faces) {
        /**
         * @param image the new image
         * @param faces one report per face, in processing order
         * @throws NullPointerException if a component is null
         */
        public Result {
            Objects.requireNonNull(image, "image");
            faces = List.copyOf(faces);
        }
    }

    /**
     * @param request the image, its faces if the caller has them, its seed
     * @param options progress and cancellation for this image
     * @return the result
     */
    Result apply(PhotoRequest request, CallOptions options);
}
