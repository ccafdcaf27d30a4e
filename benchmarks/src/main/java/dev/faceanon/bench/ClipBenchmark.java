package dev.faceanon.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.clip.ClipVisionModel;
import dev.faceanon.djl.clip.ClipVisionOutput;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
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

    private NDManager manager;
    private ClipVisionModel model;
    private NDArray pixels;

    /** Loads the model with random weights and makes a random input. */
    @Setup(Level.Trial)
    public void setUp() {
        ClipVisionConfig config = ClipVisionConfig.clipVitLargePatch14();
        manager = NDManager.newBaseManager();
        try (RandomCheckpoint weights = new RandomCheckpoint(ClipVisionModel.expectedParameters(config), 42)) {
            model = ClipVisionModel.load(config, weights, manager, DataType.valueOf(dtype),
                    AttentionOptions.defaults(false));
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

    /**
     * A checkpoint listing exactly the parameters asked for, each filled on demand with seeded
     * random values of a plausible scale: norm scales near 1, other vectors small, matrices and
     * kernels with variance 1/fan_in (uniform, so activations stay bounded through 24 layers).
     */
    private static final class RandomCheckpoint implements TensorSource {
        private final List<TensorInfo> infos;
        private final Map<String, TensorInfo> byName;
        private final long seed;

        RandomCheckpoint(List<ParameterSpec> specs, long seed) {
            List<TensorInfo> list = new ArrayList<>(specs.size());
            for (ParameterSpec s : specs) {
                list.add(new TensorInfo(s.key(), TensorDType.F32, s.shape()));
            }
            this.infos = List.copyOf(list);
            this.byName = infos.stream().collect(Collectors.toMap(TensorInfo::name, Function.identity()));
            this.seed = seed;
        }

        @Override
        public Path path() {
            return Path.of("random-clip-vit-large-patch14.safetensors");
        }

        @Override
        public List<TensorInfo> tensors() {
            return infos;
        }

        @Override
        public Optional<TensorInfo> find(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public ByteBuffer raw(String name) {
            TensorInfo info = find(name).orElseThrow(() -> new NoSuchElementException(name));
            long[] shape = info.shape();
            SplittableRandom random = new SplittableRandom(seed ^ name.hashCode());
            double center = 0;
            double halfWidth;
            if (shape.length == 1 && (name.contains("norm") || name.contains("layrnorm"))) {
                center = name.endsWith(".weight") ? 1 : 0;
                halfWidth = 0.1;
            } else if (shape.length == 1) {
                halfWidth = 0.1;
            } else {
                long fanIn = info.elementCount() / shape[0];
                halfWidth = Math.sqrt(3.0 / fanIn);
            }
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(info.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer floats = bytes.asFloatBuffer();
            for (long i = 0; i < info.elementCount(); i++) {
                floats.put((float) (center + halfWidth * (2 * random.nextDouble() - 1)));
            }
            return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public void close() {
            // Nothing is held open: data is generated per call.
        }
    }
}
