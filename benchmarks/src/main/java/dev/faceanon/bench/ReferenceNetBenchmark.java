package dev.faceanon.bench;

import dev.faceanon.djl.weights.RandomTensorSource;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.unet.ReferenceNet;
import dev.faceanon.djl.unet.ReferenceStates;
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
 * Latency of one ReferenceNet pass (timestep 0, batch 2 as the pipeline runs it, up to its last
 * needed state), float32 on the CPU, random weights. A pipeline call runs two of these.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:MaxDirectMemorySize=2g", "-Dai.djl.offline=true"})
public class ReferenceNetBenchmark {

    /** Model size: TINY (golden config, 16×16 latents) or SD21 (64×64 latents). */
    @Param({"TINY", "SD21"})
    public BenchmarkModels model;

    /** The attention kernel: fused (the library's default) or materialised (the fallback). */
    @Param({"fused", "materialised"})
    public String attention;

    private NDManager manager;
    private ReferenceNet refnet;
    private NDArray sample;
    private NDArray encoderHiddenStates;

    /** Loads the ReferenceNet. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        UNetConfig config = model.config();
        refnet = ReferenceNet.load(config, new RandomTensorSource(ReferenceNet.expectedParameters(config), 2),
                manager, DataType.FLOAT32, AttentionOptions.defaults(config.upcastAttention())
                        .withKernel(AttentionKernel.parse(attention)));
        sample = model.sample(manager);
        encoderHiddenStates = model.encoderHiddenStates(manager, 1);
    }

    /** @return one element of a state, so that the pass cannot be elided */
    @Benchmark
    public float pass() {
        try (ReferenceStates states = refnet.forward(manager, sample, encoderHiddenStates)) {
            return states.get(states.keys().get(0)).getFloat(0, 0, 0);
        }
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        refnet.close();
        manager.close();
    }
}
