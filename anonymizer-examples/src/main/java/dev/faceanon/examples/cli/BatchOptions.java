package dev.faceanon.examples.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Inputs, outputs and reporting options of the commands that process images in batches. */
final class BatchOptions {

    @Parameters(arity = "1..*", paramLabel = "IN",
            description = "images or videos, or directories scanned recursively for .jpg/.png/.bmp/.gif/.tif images and"
                    + " .mp4/.mov/.mkv/.webm/.avi/... videos")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "output directory (names and subdirectories of the inputs are kept); an image file when"
                    + " the only input is one image. Inputs are never overwritten.")
    Path output;

    @Option(names = "--overwrite", description = "replace existing output files (default: report and skip them)")
    boolean overwrite;

    @Option(names = "--accept-damaged", description = "process images the decoder reports as truncated or corrupt"
            + " as decoded, with a warning (default: they fail, since a face in the damaged part could go undetected)")
    boolean acceptDamaged;

    @Option(names = "--format", paramLabel = "png|jpg", description = "write every output in this format (default:"
            + " the input's)")
    String format;

    @Option(names = "--faces", paramLabel = "FILE.json",
            description = "use these faces (boxes and 68 or 5 landmarks per image) instead of the detector;"
                    + " format in the README")
    Path faces;

    @Option(names = "--report", paramLabel = "FILE.json", description = "also write the summary as JSON")
    Path report;

    /** The plan, after checking everything that can be checked before models load and work starts. */
    BatchPlan plan() {
        return plan(BatchPlan.DEFAULT_VIDEO_FORMAT);
    }

    /**
     * @param videoFormat the container extension of video outputs
     * @return the plan, checked as {@link #plan()}
     */
    BatchPlan plan(String videoFormat) {
        BatchPlan plan = BatchPlan.of(inputs, output, format, videoFormat);
        if (report != null) {
            BatchSummary.checkWritable(report);
        }
        return plan;
    }
}
