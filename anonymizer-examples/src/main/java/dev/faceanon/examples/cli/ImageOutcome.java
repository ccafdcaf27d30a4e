package dev.faceanon.examples.cli;

import dev.faceanon.batch.FaceReport;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one input image.
 *
 * @param item the input and its output
 * @param faces what was done to each face; empty when none was found or the image failed
 * @param error why the image was not processed; empty when its output was written
 * @param damage what the decoder reported about damage to an input processed as decoded
 *     ({@code --accept-damaged}); empty for an intact input
 */
record ImageOutcome(BatchPlan.Item item, List<FaceReport> faces, Optional<String> error, List<String> damage) {

    static ImageOutcome written(BatchPlan.Item item, List<FaceReport> faces) {
        return written(item, faces, List.of());
    }

    static ImageOutcome written(BatchPlan.Item item, List<FaceReport> faces, List<String> damage) {
        return new ImageOutcome(item, List.copyOf(faces), Optional.empty(), List.copyOf(damage));
    }

    static ImageOutcome failed(BatchPlan.Item item, String error) {
        return new ImageOutcome(item, List.of(), Optional.of(error), List.of());
    }

    boolean ok() {
        return error.isEmpty();
    }

    boolean allAsked() {
        return faces.stream().allMatch(FaceReport::asked);
    }
}
