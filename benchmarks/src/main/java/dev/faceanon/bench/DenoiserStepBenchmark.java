package dev.faceanon.bench;

import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.Conv2d;
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
 * Latency of one denoising step: the face-anon UNet on a guidance batch of 2 with a reference
 * context (source and conditioning ReferenceNet states of the same latent size), float32 on the
 * CPU, random weights. The context is built once in the setup, as a pipeline builds it once per
 * call; its states come from a ReferenceNet pass with its own random weights.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:MaxDirectMemorySize=2g", "-Dai.djl.offline=true"})
public class DenoiserStepBenchmark {

    /** Model size: TINY (golden config, 16×16 latents) or SD21 (64×64 latents). */
    @Param({"TINY", "SD21"})
    public BenchmarkModels model;

    /** The attention kernel: fused (the library's default) or materialised (the fallback). */
    @Param({"fused", "materialised"})
    public String attention;

    /**
     * How CPU float32 convolution filters are held: prepacked into oneDNN's layout (the library's default) or dense
     * (reordered at every call); {@code -p convolution=prepacked,dense} measures both in one run.
     */
    @Param({"prepacked"})
    public String convolution;

    /**
     * Which float32 CPU attentions the fused kernel tiles over oneDNN products: {@code auto} (the library's default:
     * the large ones), {@code never} (libtorch's flash kernel for all) or {@code always};
     * {@code -p tiles=auto,never} measures both in one run. The materialised kernel ignores it.
     */
    @Param({"auto"})
    public String tiles;

    private DenoiserStep step;

    /** Loads the UNet and builds the reference context. */
    @Setup(Level.Trial)
    public void setUp() {
        // Read when the networks' convolutions are built, in this fork only.
        System.setProperty(Conv2d.PROPERTY, convolution);
        // Read at every attention call, in this fork only.
        System.setProperty(AttentionKernel.TILES_PROPERTY, tiles);
        step = new DenoiserStep(model, AttentionKernel.parse(attention));
    }

    /** @return one element of the prediction, so that the step cannot be elided */
    @Benchmark
    public float step() {
        return step.run();
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
    }
}
