package dev.faceanon.bench;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceModels;
import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import dev.faceanon.sampling.SamplerKind;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end time of one aligned face through the public API ({@code anonymizeAligned}: image
 * conversion, CLIP and VAE conditioning, both ReferenceNets, the guided denoising loop, decoding)
 * for each sampler at its recommended step count, on the tiny-random model
 * ({@link ModelVariant#TINY_RANDOM}: the golden set's small configurations with random weights,
 * 128×128 images, 16×16 latents), float32 on the CPU. A call takes seconds (DDPM's 200 steps), so
 * each iteration times one call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dai.djl.offline=true"})
public class AlignedFaceBenchmark {

    /** The sampler; the step count is its recommended one (DDPM 200, DDIM 50, DPM-Solver++ 25). */
    @Param({"DDPM", "DDIM", "DPM_SOLVER_PP_2M"})
    public SamplerKind sampler;

    private FaceModels models;
    private FaceAnonymizer anonymizer;
    private BufferedImage face;

    /** Generates and loads the small networks. */
    @Setup(Level.Trial)
    public void setUp() {
        // The generation alone, as before the identity audit existed; the recognizer is timed by
        // FaceRecognizerBenchmark (a few describes per face on top of this).
        models = FaceModels.load(ModelOptions.builder().variant(ModelVariant.TINY_RANDOM).device("cpu")
                .precision(Precision.FLOAT32).identityAudit(false).build());
        anonymizer = models.anonymizer(DiffusionConfig.builder().sampler(sampler)
                .steps(sampler.recommendedSteps()).seed(1).build());
        face = new BufferedImage(128, 128, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                face.setRGB(x, y, (x * 2) << 16 | (y * 2) << 8 | ((x + y) & 0xff));
            }
        }
    }

    /** @return the generated face */
    @Benchmark
    public BufferedImage anonymizeAlignedFace() {
        return anonymizer.anonymizeAligned(face);
    }

    /** Frees the models. */
    @TearDown(Level.Trial)
    public void tearDown() {
        models.close();
    }
}
