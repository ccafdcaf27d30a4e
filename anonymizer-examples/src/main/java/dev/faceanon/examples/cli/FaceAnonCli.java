package dev.faceanon.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code faceanon} command-line tool. */
@Command(
        name = "faceanon",
        mixinStandardHelpOptions = true,
        version = "faceanon 0.1.0-SNAPSHOT",
        description = "Anonymize or swap faces with the 'Face Anonymization Made Simple' diffusion model.",
        footer = ExitCode.HELP,
        subcommands = {AnonymizeCommand.class, SwapCommand.class, RedactCommand.class, SamplePhotoCommand.class,
            FetchModelsCommand.class, InspectWeightsCommand.class,
            GoldenCheckCommand.class})
public final class FaceAnonCli {

    private FaceAnonCli() {}

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        // The CPU natives travel with the tool: never let DJL reach for the network unless asked to
        // (-Dai.djl.offline=false, e.g. to fetch CUDA natives on an online machine).
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * Runs the tool in this JVM, for programs and tests that compare their results with the tool's.
     *
     * @param out where the summary goes
     * @param err where progress and errors go
     * @param args command-line arguments
     * @return the exit code ({@code faceanon --help} lists them)
     */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** @return the command line with the library's error handling: one-line messages, exit code 1 */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FaceAnonCli());
        cli.setExecutionExceptionHandler(new CliErrorHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
