package dev.faceanon.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.DotProductAttention;
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
 * The largest attention of the pipeline on its own: the denoiser's reference self-attention at the
 * 64×64 latent level of a 512×512 face, batch 2 (guidance), 5 heads of 64: queries [2, 5, 4096, 64]
 * over keys and values [2, 5, 12288, 64] (the level's own tokens and both reference states), as
 * projected [B, L, 320] arrays, float32 on the CPU. Five such calls run in every denoising step. One
 * call computes 2·(2·5·4096·12288·64) multiply-adds, 129 GFLOP.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dai.djl.offline=true"})
public class AttentionBenchmark {
    private static final int HEADS = 5;
    private static final int HEAD_DIM = 64;

    /** The attention kernel: fused (the library's default) or materialised (the fallback). */
    @Param({"fused", "materialised"})
    public String attention;

    /**
     * Which float32 CPU attentions the fused kernel tiles over oneDNN products: {@code auto} (the library's default:
     * the large ones), {@code never} (libtorch's flash kernel for all) or {@code always};
     * {@code -p tiles=auto,never} measures both in one run. The materialised kernel ignores it.
     */
    @Param({"auto"})
    public String tiles;

    /** Latent side: 64 for 512×512 faces. */
    @Param({"64"})
    public int latentSide;

    private NDManager manager;
    private NDArray q;
    private NDArray k;
    private NDArray v;
    private AttentionOptions options;

    /** Random projections of the reference shape. */
    @Setup(Level.Trial)
    public void setUp() {
        // Read at every attention call, in this fork only.
        System.setProperty(AttentionKernel.TILES_PROPERTY, tiles);
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(5);
        long tokens = (long) latentSide * latentSide;
        q = manager.randomNormal(new Shape(BenchmarkModels.BATCH, tokens, HEADS * HEAD_DIM));
        k = manager.randomNormal(new Shape(BenchmarkModels.BATCH, 3 * tokens, HEADS * HEAD_DIM));
        v = manager.randomNormal(new Shape(BenchmarkModels.BATCH, 3 * tokens, HEADS * HEAD_DIM));
        // SD-2.1 upcasts; in float32 that changes nothing. The materialised path keeps its default
        // chunk bound, as the pipeline runs it on the CPU.
        options = AttentionOptions.defaults(true).withKernel(AttentionKernel.parse(attention));
    }

    /** @return one output element, read back so that the call has completed */
    @Benchmark
    public float attend() {
        NDArray out = DotProductAttention.attend(q, k, v, HEADS, options);
        try {
            return out.getFloat(0, 0, 0);
        } finally {
            out.close();
        }
    }

    /** Frees the arrays. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }
}
