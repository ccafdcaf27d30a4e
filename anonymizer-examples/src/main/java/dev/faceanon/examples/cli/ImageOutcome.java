package dev.faceanon.examples.cli;

import java.util.List;
import java.util.Optional;

/**
 * What happened to one input image.
 *
 * @param item the input and its output
 * @param faces what was done to each face; empty when none was found or the image failed
 * @param error why the image was not processed; empty when its output was written
 */
record ImageOutcome(BatchPlan.Item item, List<FaceReport> faces, Optional<String> error) {

    static ImageOutcome written(BatchPlan.Item item, List<FaceReport> faces) {
        return new ImageOutcome(item, List.copyOf(faces), Optional.empty());
    }

    static ImageOutcome failed(BatchPlan.Item item, String error) {
        return new ImageOutcome(item, List.of(), Optional.of(error));
    }

    boolean ok() {
        return error.isEmpty();
    }

    boolean allAsked() {
        return faces.stream().allMatch(FaceReport::asked);
    }
}
