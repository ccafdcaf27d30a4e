package dev.faceanon.examples.cli;

import dev.faceanon.CallOptions;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageDecoder;
import dev.faceanon.batch.ImageFailures;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.batch.ImageSeeds;
import dev.faceanon.batch.PhotoOperation;
import dev.faceanon.batch.PhotoRequest;
import dev.faceanon.video.VideoCallOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs one operation over every image of a plan, and a {@link VideoJob} over every video. An input
 * that cannot be read, processed or written is reported and skipped; the others go on, whatever the
 * exception (an unexpected one is also logged with its trace). Problems that would fail every input
 * (model files, a missing detector) stop the run.
 */
final class BatchRunner {
    private final ConsoleProgress progress;
    private final boolean overwrite;
    private final boolean acceptDamaged;
    private final ImageDecoder decoder;
    private final FacesFile faces;
    private final Long jobSeed;

    /**
     * @param progress where progress goes
     * @param overwrite whether existing outputs are replaced
     * @param acceptDamaged whether inputs the decoder reports as damaged are processed as decoded
     *     (with a warning) instead of failing
     * @param faces the caller's faces of every image; null to detect them
     * @param jobSeed the seed each image's seed derives from ({@link ImageSeeds}); null to use the
     *     operation's configuration
     */
    BatchRunner(ConsoleProgress progress, boolean overwrite, boolean acceptDamaged, FacesFile faces, Long jobSeed) {
        this.progress = progress;
        this.overwrite = overwrite;
        this.acceptDamaged = acceptDamaged;
        this.decoder = new ImageDecoder(acceptDamaged, CliContext.ACCEPT_DAMAGED);
        this.faces = faces;
        this.jobSeed = jobSeed;
    }

    List<ImageOutcome> run(BatchPlan plan, PhotoOperation operation, BatchSummary summary) {
        return run(plan, operation, VideoJob.unsupported("this command does not process videos"), summary);
    }

    List<ImageOutcome> run(BatchPlan plan, PhotoOperation operation, VideoJob videos, BatchSummary summary) {
        List<ImageOutcome> outcomes = new ArrayList<>();
        List<BatchPlan.Item> items = plan.items();
        for (int i = 0; i < items.size(); i++) {
            BatchPlan.Item item = items.get(i);
            ImageOutcome outcome;
            if (BatchPlan.isVideo(item.input())) {
                VideoCallOptions options = VideoCallOptions.builder().progress(progress.video(i, items.size(),
                        item.name())).build();
                outcome = guarded(item, () -> videos.process(item, overwrite, acceptDamaged, options));
            } else {
                CallOptions options = CallOptions.builder().progress(progress.image(i, items.size(), item.name()))
                        .build();
                outcome = guarded(item, () -> photo(item, operation, options));
            }
            summary.printImage(outcome);
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** The work on one input, which may fail in any way. */
    @FunctionalInterface
    private interface Work {
        ImageOutcome run() throws IOException;
    }

    private ImageOutcome photo(BatchPlan.Item item, PhotoOperation operation, CallOptions options) throws IOException {
        ImageDecoder.Decoded input = decoder.read(item.input());
        PhotoRequest request = new PhotoRequest(input.image(),
                faces == null ? Optional.empty() : Optional.of(faces.facesOf(item.name(), item.input())),
                jobSeed == null ? OptionalLong.empty() : OptionalLong.of(ImageSeeds.of(jobSeed, item.name())));
        PhotoOperation.Result result = operation.apply(request, options);
        ImageFiles.write(result.image(), item.output());
        return ImageOutcome.written(item, result.faces(), input.damage());
    }

    private ImageOutcome guarded(BatchPlan.Item item, Work work) {
        try {
            if (!overwrite && Files.exists(item.output())) {
                return ImageOutcome.failed(item, "output " + item.output() + " exists; use --overwrite to replace it");
            }
            return work.run();
        } catch (IOException | RuntimeException e) {
            if (ImageFailures.failsEveryImage(e)) {
                throw (RuntimeException) e;
            }
            return ImageOutcome.failed(item, ImageFailures.describe(e));
        }
    }
}
