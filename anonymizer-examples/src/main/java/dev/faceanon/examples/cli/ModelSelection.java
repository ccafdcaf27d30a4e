package dev.faceanon.examples.cli;

import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import picocli.CommandLine.Mixin;
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

    @Mixin
    DetectorSelection files;

    @Option(names = "--precision", defaultValue = "AUTO",
            description = "AUTO (fp16 on GPU, fp32 on CPU), FLOAT32 or FLOAT16 (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--size", description = "generation size in pixels (default: 512 for the published weights, which"
            + " were trained at 512; 128 for tiny-random)")
    Integer size;

    boolean tinyRandom() {
        return model == ModelName.TINY_RANDOM;
    }

    /**
     * @param identityAudit whether the face recognizer is loaded with the models
     * @return the model options
     */
    ModelOptions modelOptions(boolean identityAudit) {
        if (tinyRandom() && files.models != null) {
            throw new IllegalArgumentException("--models does not apply to --model tiny-random, which generates its"
                    + " networks itself");
        }
        ModelOptions.Builder b = files.builder().variant(model.variant).precision(precision)
                .identityAudit(identityAudit);
        if (size != null) {
            b.imageSize(size);
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
