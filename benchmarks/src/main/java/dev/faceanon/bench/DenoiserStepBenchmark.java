package dev.faceanon.bench;

import dev.faceanon.djl.weights.RandomTensorSource;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.unet.ReferenceContext;
import dev.faceanon.djl.unet.ReferenceNet;
import dev.faceanon.djl.unet.ReferenceStates;
import dev.faceanon.djl.unet.UNet2DConditionModel;
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

    private NDManager manager;
    private UNet2DConditionModel unet;
    private ReferenceContext refs;
    private NDArray sample;
    private NDArray encoderHiddenStates;

    /** Loads the UNet and builds the reference context. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        UNetConfig config = model.config();
        AttentionOptions options = AttentionOptions.defaults(config.upcastAttention())
                .withKernel(AttentionKernel.parse(attention));
        unet = UNet2DConditionModel.load(config,
                new RandomTensorSource(UNet2DConditionModel.expectedParameters(config), 1), manager,
                DataType.FLOAT32, options);
        // Reference states of the right shapes: one ReferenceNet pass each for source and conditioning.
        try (ReferenceNet refnet = ReferenceNet.load(config,
                new RandomTensorSource(ReferenceNet.expectedParameters(config), 2), manager, DataType.FLOAT32,
                options);
                ReferenceStates source = refnet.forward(manager, model.sample(manager),
                        model.encoderHiddenStates(manager, 1));
                ReferenceStates conditioning = refnet.forward(manager, model.sample(manager),
                        model.encoderHiddenStates(manager, 1))) {
            refs = unet.referenceContext(manager, source, conditioning);
        }
        sample = model.sample(manager);
        encoderHiddenStates = model.encoderHiddenStates(manager, 2);
    }

    /** @return one element of the prediction, so that the step cannot be elided */
    @Benchmark
    public float step() {
        try (NDManager out = manager.newSubManager()) {
            NDArray prediction = unet.forward(out, sample, 500, encoderHiddenStates, refs);
            return prediction.getFloat(0, 0, 0, 0);
        }
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        refs.close();
        unet.close();
        manager.close();
    }
}
