package dev.faceanon.examples.cli;

import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import dev.faceanon.djl.hub.ConsoleProgressBar;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options saying which model to load and where to run it; shared by every command that loads one. */
final class ModelSelection {

    /** The values of {@code --model}. */
    enum ModelName {
        PUBLISHED("published", ModelVariant.PUBLISHED),
        TINY_RANDOM("tiny-random", ModelVariant.TINY_RANDOM);

        private final String cliName;
        private final ModelVariant variant;

        ModelName(String cliName, ModelVariant variant) {
            this.cliName = cliName;
            this.variant = variant;
        }

        @Override
        public String toString() {
            return cliName;
        }

        static ModelName parse(String value) {
            for (ModelName m : values()) {
                if (m.cliName.equals(value)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("expected published or tiny-random, got '" + value + "'");
        }
    }

    @Option(names = "--model", defaultValue = "published", converter = ModelNameConverter.class,
            description = {"published (the paper's weights) or tiny-random (tiny random-weight networks generated in"
                    + " seconds, no download: for trying the tool; its output is NOT a real face; needs --faces or"
                    + " --aligned). Default: ${DEFAULT-VALUE}"})
    ModelName model;

    @Option(names = "--models", paramLabel = "DIR",
            description = "directory holding face-anon-simple/, stable-diffusion-2-1/, clip-vit-large-patch14/ and"
                    + " face-alignment/; default: the Hugging Face cache, downloading what is missing (docs/models.md)")
    Path models;

    @Option(names = "--offline", description = "never download; fail if files are missing")
    boolean offline;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--precision", defaultValue = "AUTO",
            description = "AUTO (fp16 on GPU, fp32 on CPU), FLOAT32 or FLOAT16 (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--size", description = "generation size in pixels (default: 512 for the published weights, which"
            + " were trained at 512; 128 for tiny-random)")
    Integer size;

    @Option(names = "--detection-size", defaultValue = "" + ModelOptions.DEFAULT_DETECTION_SIZE, paramLabel = "PX",
            description = "longest side the face detector sees; raise it for small faces in large photos"
                    + " (default: ${DEFAULT-VALUE})")
    int detectionSize;

    boolean tinyRandom() {
        return model == ModelName.TINY_RANDOM;
    }

    ModelOptions modelOptions() {
        if (tinyRandom() && models != null) {
            throw new IllegalArgumentException("--models does not apply to --model tiny-random, which generates its"
                    + " networks itself");
        }
        ModelOptions.Builder b = ModelOptions.builder().variant(model.variant).device(device).precision(precision)
                .allowDownload(!offline).detectionSize(detectionSize)
                .downloadListener(new ConsoleProgressBar(System.err));
        if (size != null) {
            b.imageSize(size);
        }
        if (models != null) {
            b.directory(models);
        }
        return b.build();
    }

    /** picocli converter of {@code --model}. */
    static final class ModelNameConverter implements picocli.CommandLine.ITypeConverter<ModelName> {
        @Override
        public ModelName convert(String value) {
            return ModelName.parse(value);
        }
    }
}
