package dev.faceanon.examples.cli;

import dev.faceanon.batch.FaceReport;
import dev.faceanon.video.VideoResult;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one input image or video.
 *
 * @param item the input and its output
 * @param faces what was done to each face (for a video, to each track); empty when none was found
 *     or the input failed
 * @param error why the input was not processed; empty when its output was written
 * @param damage what the decoder reported about damage to an input processed as decoded
 *     ({@code --accept-damaged}); empty for an intact input
 * @param video for a video, what was done to its frames; empty for an image
 */
record ImageOutcome(BatchPlan.Item item, List<FaceReport> faces, Optional<String> error, List<String> damage,
        Optional<VideoResult> video) {

    static ImageOutcome written(BatchPlan.Item item, List<FaceReport> faces) {
        return written(item, faces, List.of());
    }

    static ImageOutcome written(BatchPlan.Item item, List<FaceReport> faces, List<String> damage) {
        return new ImageOutcome(item, List.copyOf(faces), Optional.empty(), List.copyOf(damage), Optional.empty());
    }

    static ImageOutcome video(BatchPlan.Item item, List<FaceReport> tracks, VideoResult result) {
        return new ImageOutcome(item, List.copyOf(tracks), Optional.empty(), result.damage(), Optional.of(result));
    }

    static ImageOutcome failed(BatchPlan.Item item, String error) {
        return new ImageOutcome(item, List.of(), Optional.of(error), List.of(), Optional.empty());
    }

    boolean ok() {
        return error.isEmpty();
    }

    boolean allAsked() {
        return faces.stream().allMatch(FaceReport::asked);
    }
}
