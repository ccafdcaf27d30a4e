package dev.faceanon.examples.cli;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.sampling.SamplerKind;
import picocli.CommandLine.Option;

/** Options of the diffusion sampling, shared by the generating commands. */
final class SamplingOptions {

    @Option(names = "--paper", description = "the paper's setting: DDPM, 200 steps (slow); overrides --sampler/--steps")
    boolean paper;

    @Option(names = "--sampler", description = "DDPM, DDIM or DPM_SOLVER_PP_2M (default: DPM_SOLVER_PP_2M)")
    SamplerKind sampler;

    @Option(names = "--steps", description = "denoising steps (default: the sampler's recommended count)")
    Integer steps;

    @Option(names = "--guidance", description = "classifier-free guidance scale (default: 4.0)")
    Double guidance;

    @Option(names = "--degree", description = "anonymization degree (default: 1.25; >1 pushes further from the input"
            + " identity; ignored by swap)")
    Double degree;

    @Option(names = "--seed", description = "seed for reproducible output, the same for every image (default: random)")
    Long seed;

    @Option(names = "--job-seed", paramLabel = "SEED", description = "seed of the whole batch: each image's seed"
            + " derives from it and the image's name (docs/spark.md), as Spark's jobSeed does; excludes --seed")
    Long jobSeed;

    DiffusionConfig diffusionConfig() {
        if (seed != null && jobSeed != null) {
            throw new IllegalArgumentException("--seed gives every image one seed, --job-seed gives each image its own:"
                    + " use one of them");
        }
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
