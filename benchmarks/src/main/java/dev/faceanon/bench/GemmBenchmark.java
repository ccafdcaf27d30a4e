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
 * The machine's matrix-product rate through the same engine: one float32 n×n×n product
 * ({@code 2n³} FLOP, 17.2 GFLOP for n = 2048), the ceiling that a network made of products and
 * convolutions approaches, computed the two ways libtorch has on the CPU: its BLAS matrix product
 * ({@code matmul}, also inside the fused attention kernel) and oneDNN, as a 1×1 convolution over n
 * pixels of n channels ({@code convolution}, what the library's linear layers and all convolutions
 * run on). docs/performance.md divides a step's FLOP count by its time and compares.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dai.djl.offline=true"})
public class GemmBenchmark {
    private static final Shape ONES = new Shape(1, 1);
    private static final Shape ZEROS = new Shape(0, 0);

    /** Matrix side. */
    @Param({"2048"})
    public int n;

    /** {@code matmul} (BLAS) or {@code convolution} (oneDNN). */
    @Param({"matmul", "convolution"})
    public String via;

    private NDManager manager;
    private NDArray a;
    private NDArray b;

    /** Random square matrices. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(3);
        a = manager.randomNormal(new Shape(n, n));
        b = manager.randomNormal(new Shape(n, n));
        if (via.equals("convolution")) {
            // Rows of a as the pixels of a one-pixel-wide image (a channels-last view), b as 1×1 filters.
            a = a.reshape(1, n, 1, n).transpose(0, 3, 1, 2);
            b = b.transpose().reshape(n, n, 1, 1);
        } else if (!via.equals("matmul")) {
            throw new IllegalArgumentException("via must be matmul or convolution, got " + via);
        }
    }

    /** @return one element of the product, read back so that it has completed */
    @Benchmark
    public float product() {
        NDArray c = via.equals("matmul") ? a.matMul(b)
                : JniUtils.convolution((PtNDArray) a, (PtNDArray) b, null, ONES, ZEROS, ONES, 1);
        try {
            return c.getFloat(new long[c.getShape().dimension()]);
        } finally {
            c.close();
        }
    }

    /** Frees the matrices. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }
}
