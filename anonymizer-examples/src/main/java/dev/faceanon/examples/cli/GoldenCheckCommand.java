package dev.faceanon.examples.cli;

import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.CaseOutcome;
import dev.faceanon.parity.GoldenCheck;
import dev.faceanon.parity.TensorCheck;
import dev.faceanon.text.UntrustedText;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs every golden case of a directory and reports how close this library comes (docs/parity.md). */
@Command(name = "golden-check", mixinStandardHelpOptions = true,
        description = {"Run every golden reference case found in DIR (format: shared/golden/README.md).",
            "Prints one line per case; exits 1 if any case fails or cannot be run."})
final class GoldenCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "directory of golden cases")
    Path dir;

    @Option(names = {"-v", "--verbose"}, description = "also print every compared tensor")
    boolean verbose;

    @Override
    public Integer call() {
        List<CaseOutcome> outcomes = GoldenCheck.withAllRunners().run(new GoldenDirectory(dir.toAbsolutePath()));
        int bad = 0;
        for (CaseOutcome o : outcomes) {
            // Case and tensor names come from the directory and its files.
            spec.commandLine().getOut().println(UntrustedText.escape(o.line()));
            if (verbose) {
                for (TensorCheck c : o.checks()) {
                    spec.commandLine().getOut().println("    " + UntrustedText.escape(c.summary()));
                }
            }
            if (!o.ok()) {
                bad++;
            }
        }
        spec.commandLine().getOut().printf("%d cases, %d failed or could not be run%n", outcomes.size(), bad);
        return bad == 0 && !outcomes.isEmpty() ? 0 : 1;
    }
}
