package dev.faceanon.examples.cli;

import dev.faceanon.ModelOptions;
import dev.faceanon.djl.hub.ConsoleProgressBar;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where model files come from and where to run them: the options every command that opens a model
 * shares, the face detector alone ({@code redact}) or the whole pipeline ({@link ModelSelection}).
 */
final class DetectorSelection {

    @Option(names = "--models", paramLabel = "DIR",
            description = "directory holding face-anon-simple/, stable-diffusion-2-1/, clip-vit-large-patch14/ and"
                    + " face-alignment/ (what the command needs of them); default: the Hugging Face and torch hub"
                    + " caches, downloading what is missing (docs/models.md)")
    Path models;

    @Option(names = "--offline", description = "never download; fail if files are missing")
    boolean offline;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--detection-size", defaultValue = "" + ModelOptions.DEFAULT_DETECTION_SIZE, paramLabel = "PX",
            description = "longest side the face detector sees; raise it for small faces in large photos"
                    + " (default: ${DEFAULT-VALUE})")
    int detectionSize;

    /** @return a builder with these options and a console progress bar for downloads */
    ModelOptions.Builder builder() {
        ModelOptions.Builder b = ModelOptions.builder().device(device).allowDownload(!offline)
                .detectionSize(detectionSize).downloadListener(new ConsoleProgressBar(System.err));
        if (models != null) {
            b.directory(models);
        }
        return b;
    }
}
