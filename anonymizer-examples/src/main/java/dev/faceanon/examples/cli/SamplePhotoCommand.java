package dev.faceanon.examples.cli;

import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a drawn sample photo and its faces file, to try the tool without a real photo. */
@Command(name = "sample-photo", mixinStandardHelpOptions = true,
        description = {"Write DIR/photo.png, a drawn picture with three cartoon faces, and DIR/faces.json, their"
                + " boxes and landmarks (for --faces). Try: faceanon anonymize --model tiny-random --faces"
                + " DIR/faces.json DIR/photo.png -o DIR/out"})
final class SamplePhotoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "directory to write into (created if needed)")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SamplePhoto sample = SamplePhoto.create();
        Files.createDirectories(dir);
        Path photo = dir.resolve("photo.png");
        ImageFiles.write(sample.image(), photo);
        Path faces = dir.resolve("faces.json");
        FacesFile.write(faces, Map.of("photo.png", sample.faces()));
        spec.commandLine().getOut().println("wrote " + photo + " and " + faces);
        return ExitCode.OK;
    }
}
