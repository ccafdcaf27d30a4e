package dev.faceanon.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
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
 * What storing the UNet's activations channels-last would gain: one 3×3 convolution of a ResnetBlock2D (batch 2 for
 * guidance, C → C channels at its level's latent side) on an input stored {@code nchw} (as the networks store their
 * activations today) or {@code nhwc} (a channels-last view, which oneDNN takes without reordering). The three
 * configurations are the SD-2.1 UNet's 64×64, 32×32 and 16×16 levels. docs/performance.md weighs the result against
 * the step's profile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dai.djl.offline=true"})
public class ConvolutionLayoutBenchmark {
    private static final Shape ONES = new Shape(1, 1);

    /** Channels and latent side of the UNet level, {@code channels x side}. */
    @Param({"320x64", "640x32", "1280x16"})
    public String level;

    /** {@code nchw} or {@code nhwc}. */
    @Param({"nchw", "nhwc"})
    public String layout;

    private NDManager manager;
    private NDArray input;
    private NDArray weight;
    private NDArray bias;

    /** A random input in the chosen layout and random filters. */
    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = level.split("x");
        int channels = Integer.parseInt(parts[0]);
        int side = Integer.parseInt(parts[1]);
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(5);
        NDArray x = manager.randomNormal(new Shape(2, channels, side, side));
        if (layout.equals("nhwc")) {
            // A contiguous [N, H, W, C] copy, seen as [N, C, H, W] through its strides.
            x = x.transpose(0, 2, 3, 1).reshape(2L * side * side * channels).reshape(2, side, side, channels)
                    .transpose(0, 3, 1, 2);
        } else if (!layout.equals("nchw")) {
            throw new IllegalArgumentException("layout must be nchw or nhwc, got " + layout);
        }
        input = x;
        weight = manager.randomNormal(new Shape(channels, channels, 3, 3)).mul(0.02f);
        bias = manager.zeros(new Shape(channels));
    }

    /** @return one element of the output, read back so that it has completed */
    @Benchmark
    public float convolution() {
        NDArray y = JniUtils.convolution((PtNDArray) input, (PtNDArray) weight, (PtNDArray) bias, ONES, ONES, ONES, 1);
        try {
            return y.getFloat(0, 0, 0, 0);
        } finally {
            y.close();
        }
    }

    /** Frees the tensors. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }
}
