package dev.faceanon.examples.cli;

import dev.faceanon.CallOptions;
import dev.faceanon.FaceAnonException;
import dev.faceanon.djl.hub.ModelDownloadException;
import dev.faceanon.model.ModelFileException;
import dev.faceanon.video.VideoCallOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operation over every image of a plan, and a {@link VideoJob} over every video. An input
 * that cannot be read, processed or written is reported and skipped; the others go on, whatever the
 * exception (an unexpected one is also logged with its trace). Problems that would fail every input
 * (model files, a missing detector) stop the run.
 */
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    private final ConsoleProgress progress;
    private final boolean overwrite;
    private final boolean acceptDamaged;

    /**
     * @param progress where progress goes
     * @param overwrite whether existing outputs are replaced
     * @param acceptDamaged whether inputs the decoder reports as damaged are processed as decoded
     *     (with a warning) instead of failing
     */
    BatchRunner(ConsoleProgress progress, boolean overwrite, boolean acceptDamaged) {
        this.progress = progress;
        this.overwrite = overwrite;
        this.acceptDamaged = acceptDamaged;
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
        ImageFiles.Decoded input = ImageFiles.read(item.input(), acceptDamaged);
        PhotoOperation.Result result = operation.apply(item, input.image(), options);
        ImageFiles.write(result.image(), item.output());
        return ImageOutcome.written(item, result.faces(), input.damage());
    }

    private ImageOutcome guarded(BatchPlan.Item item, Work work) {
        try {
            if (!overwrite && Files.exists(item.output())) {
                return ImageOutcome.failed(item, "output " + item.output() + " exists; use --overwrite to replace it");
            }
            return work.run();
        } catch (ModelFileException | ModelDownloadException e) {
            // Missing or unobtainable model files (the detector is opened on the first photo) would fail every image.
            throw e;
        } catch (FaceAnonException e) {
            return ImageOutcome.failed(item, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return ImageOutcome.failed(item, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // A defect met on one image must not cost the others: it fails that image, with its trace in the log.
            LOG.error("unexpected error while processing an image", e);
            return ImageOutcome.failed(item, "unexpected error (" + e + "); please report it");
        }
    }
}
