package dev.faceanon.examples.cli;

import dev.faceanon.FaceAnonException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Anonymizes every face of a photo. */
@Command(name = "anonymize", mixinStandardHelpOptions = true,
        description = "Replace every face in a photo by a generated face of another identity.")
final class AnonymizeCommand implements Callable<Integer> {

    @Option(names = "--models", required = true, paramLabel = "DIR",
            description = "directory holding the model repositories (see docs/models.md)")
    Path models;

    @Parameters(index = "0", paramLabel = "INPUT", description = "input photo")
    Path input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "output photo")
    Path output;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(input)) {
            throw new FaceAnonException("input photo not found: " + input);
        }
        if (!Files.isDirectory(models)) {
            throw new FaceAnonException("model directory not found: " + models + " (see docs/models.md)");
        }
        throw new FaceAnonException("the diffusion pipeline is not available in this version yet;"
                + " see the status table in README.md");
    }
}
