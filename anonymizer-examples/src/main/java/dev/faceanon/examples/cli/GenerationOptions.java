package dev.faceanon.examples.cli;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.ModelOptions;
import dev.faceanon.Precision;
import dev.faceanon.sampling.SamplerKind;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the generating commands: where the models are and how to sample. */
final class GenerationOptions {

    @Option(names = "--models", paramLabel = "DIR",
            description = "directory holding face-anon-simple/, stable-diffusion-2-1/, clip-vit-large-patch14/;"
                    + " default: the Hugging Face cache, downloading what is missing (docs/models.md)")
    Path models;

    @Option(names = "--offline", description = "never download; fail if files are missing")
    boolean offline;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--precision", defaultValue = "AUTO",
            description = "AUTO (fp16 on GPU, fp32 on CPU), FLOAT32 or FLOAT16 (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--paper", description = "the paper's setting: DDPM, 200 steps (slow); overrides --sampler/--steps")
    boolean paper;

    @Option(names = "--sampler", description = "DDPM, DDIM or DPM_SOLVER_PP_2M (default: DPM_SOLVER_PP_2M)")
    SamplerKind sampler;

    @Option(names = "--steps", description = "denoising steps (default: the sampler's recommended count)")
    Integer steps;

    @Option(names = "--guidance", description = "classifier-free guidance scale (default: 4.0)")
    Double guidance;

    @Option(names = "--degree", description = "anonymization degree (default: 1.25; >1 pushes further from the input identity)")
    Double degree;

    @Option(names = "--seed", description = "seed for reproducible output (default: random)")
    Long seed;

    @Option(names = "--size", defaultValue = "512", description = "generation size; the weights were trained at 512")
    int size;

    ModelOptions modelOptions() {
        ModelOptions.Builder b = ModelOptions.builder().device(device).precision(precision).imageSize(size)
                .allowDownload(!offline);
        if (models != null) {
            b.directory(models);
        }
        return b.build();
    }

    DiffusionConfig diffusionConfig() {
        DiffusionConfig.Builder b = paper ? DiffusionConfig.paperQuality().toBuilder() : DiffusionConfig.builder();
        if (!paper && sampler != null) {
            b.sampler(sampler).steps(sampler.recommendedSteps());
        }
        if (!paper && steps != null) {
            b.steps(steps);
        }
        if (guidance != null) {
            b.guidanceScale(guidance);
        }
        if (degree != null) {
            b.anonymizationDegree(degree);
        }
        if (seed != null) {
            b.seed(seed);
        }
        return b.build();
    }
}
