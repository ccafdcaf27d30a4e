package dev.faceanon.examples.cli;

import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.IdentitySettings;
import dev.faceanon.batch.ImageDecoder;
import dev.faceanon.batch.KeepDirectory;
import dev.faceanon.batch.PhotoOperation;
import dev.faceanon.batch.SettingNames;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.text.UntrustedText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What every batch command does around its own work: validating option values, warning about the
 * tiny-random model, running the batch and printing its summary, on the command line's streams.
 */
final class CliContext {
    /** The options the shared checks of anonymizer-batch name in their messages. */
    static final SettingNames SETTING_NAMES = new SettingNames("--identity-check", "--identity-threshold", "--keep",
            "--keep-threshold", "--pixelate-cells", "--blur-sigma");
    /** How the user accepts damaged images, named when one is refused. */
    static final String ACCEPT_DAMAGED = "--accept-damaged";

    private final CommandSpec spec;

    CliContext(CommandSpec spec) {
        this.spec = spec;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Builds a configuration, turning a rejected value into a usage error (exit code 2) with the library's message. */
    <T> T valid(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The tiny-random model has no detector; say so before anything is loaded. */
    void requireFacesFor(ModelSelection model, boolean aligned, Path faces) {
        if (model.tinyRandom() && !aligned && faces == null) {
            throw new ParameterException(spec.commandLine(), "--model tiny-random comes without a face detector:"
                    + " give the faces with --faces FILE.json, or use --aligned for aligned crops");
        }
    }

    void warnIfTinyRandom(ModelSelection model) {
        if (model.tinyRandom()) {
            err().println("faceanon: --model tiny-random uses tiny networks with random weights: the output is NOT a"
                    + " real face. It only shows that the whole chain runs.");
            err().flush();
        }
    }

    /**
     * The keep gallery of {@code --keep}, described with the builder's recognizer; empty without {@code --keep}.
     *
     * @param identity the identity settings
     * @param builder makes the gallery builder (the models' recognizer and detector)
     * @param faces the faces file, in which the reference photos are looked up; null to detect their faces
     * @param batch the batch options (output directory, --accept-damaged)
     */
    KeepGallery keepGallery(IdentitySettings identity, Supplier<KeepGallery.Builder> builder, FacesFile faces,
            BatchOptions batch) {
        KeepGallery gallery = KeepDirectory.of(identity, "--keep", builder, faces,
                new ImageDecoder(batch.acceptDamaged, ACCEPT_DAMAGED), batch.output.toAbsolutePath().normalize());
        if (!gallery.isEmpty()) {
            err().println("faceanon: keep gallery of " + gallery.size() + " reference photo(s) from "
                    + UntrustedText.escape(identity.keepDirectory().get().toString())
                    + ": faces matching one are left as they are");
            err().flush();
        }
        return gallery;
    }

    /**
     * @param videos what is done to each video of the plan
     * @param faces the caller's faces of every image; null to detect them
     * @param jobSeed the seed each image's seed derives from; null to use the operation's configuration
     */
    int runBatch(BatchPlan plan, PhotoOperation operation, VideoJob videos, BatchOptions batch, FacesFile faces,
            Long jobSeed) {
        BatchSummary summary = new BatchSummary(out());
        summary.printSkipped(plan.skipped());
        List<ImageOutcome> outcomes = new BatchRunner(new ConsoleProgress(err(), System.console() != null),
                batch.overwrite, batch.acceptDamaged, faces, jobSeed).run(plan, operation, videos, summary);
        int exit = summary.printTotals(outcomes, plan.skipped());
        if (batch.report != null) {
            BatchSummary.writeReport(outcomes, plan.skipped(), batch.report);
        }
        return exit;
    }
}
