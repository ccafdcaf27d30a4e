package dev.faceanon.bench;

import dev.faceanon.djl.weights.RandomTensorSource;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.clip.ClipVisionModel;
import dev.faceanon.djl.clip.ClipVisionOutput;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
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
 * One forward pass of the full-size openai/clip-vit-large-patch14 vision tower (24 layers, hidden
 * 1024, 257 tokens) on a 224×224 image, with random weights: the pipeline's image-encoder cost per
 * encoded image. Weights are random because real ones cannot be shipped; the cost depends only on
 * the shapes.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ClipBenchmark -wi 1 -i 2 -f 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class ClipBenchmark {

    /** Weight and activation type. FLOAT16 runs on the CPU too, but through slow reference kernels. */
    @Param({"FLOAT32"})
    public String dtype;

    /** Images per forward pass. */
    @Param({"1"})
    public int batch;

    /** The attention kernel: fused (the library's default) or materialised (the fallback). */
    @Param({"fused", "materialised"})
    public String attention;

    private NDManager manager;
    private ClipVisionModel model;
    private NDArray pixels;

    /** Loads the model with random weights and makes a random input. */
    @Setup(Level.Trial)
    public void setUp() {
        ClipVisionConfig config = ClipVisionConfig.clipVitLargePatch14();
        manager = NDManager.newBaseManager();
        try (RandomTensorSource weights = new RandomTensorSource(ClipVisionModel.expectedParameters(config), 42)) {
            model = ClipVisionModel.load(config, weights, manager, DataType.valueOf(dtype),
                    AttentionOptions.defaults(false).withKernel(AttentionKernel.parse(attention)));
        }
        manager.getEngine().setRandomSeed(7);
        pixels = manager.randomNormal(new Shape(batch, config.numChannels(), config.imageSize(), config.imageSize()));
    }

    /** Frees the weights and the input. */
    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
        manager.close();
    }

    /**
     * @return one pooled value, so the pass cannot be elided (eager PyTorch ops on the CPU are
     *     synchronous, so the pass has finished when this returns)
     */
    @Benchmark
    public float forward() {
        try (NDManager call = manager.newSubManager(); ClipVisionOutput out = model.forward(call, pixels)) {
            return out.pooler().getFloat(0, 0);
        }
    }
}
