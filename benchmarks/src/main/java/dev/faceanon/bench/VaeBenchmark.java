package dev.faceanon.bench;

import dev.faceanon.djl.weights.RandomTensorSource;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.vae.AutoencoderKL;
import dev.faceanon.djl.vae.DiagonalGaussianDistribution;
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
 * Latency of the full-size SD-2.1 VAE (diffusers 0.25.1 {@code AutoencoderKL}) on one square image
 * of {@link #side} pixels (512 as the pipeline runs it; 128 for a quick run, the same network on
 * 16× fewer pixels): {@code encode} (image → posterior, latents side/8) and {@code decode}
 * (latents → image),
 * float32 on the CPU, with random weights of the real shapes (weights cannot be downloaded here;
 * the values do not change the amount of work, and {@link RandomTensorSource} scales them so that
 * no denormal or non-finite values distort the timing).
 *
 * <p>One call takes seconds on a CPU, so each iteration times a single call. Example:
 * {@code java -jar benchmarks/target/benchmarks.jar VaeBenchmark -p side=128 -wi 1 -i 2 -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx2g"})
public class VaeBenchmark {

    /** Image side in pixels, a multiple of the VAE's downsampling factor (8). */
    @Param({"512"})
    public int side;

    /** The attention kernel: fused (the library's default) or materialised (the fallback). */
    @Param({"fused", "materialised"})
    public String attention;

    private NDManager manager;
    private AutoencoderKL vae;
    private NDArray image;
    private NDArray latents;

    /** Loads the model with random weights and creates the inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        VaeConfig config = VaeConfig.stableDiffusion21();
        if (side < config.downsampleFactor() || side % config.downsampleFactor() != 0) {
            throw new IllegalArgumentException("side must be a positive multiple of " + config.downsampleFactor()
                    + ", got " + side);
        }
        manager = NDManager.newBaseManager();
        try (RandomTensorSource weights = new RandomTensorSource(AutoencoderKL.expectedParameters(config), 1234)) {
            vae = AutoencoderKL.load(config, weights, manager, DataType.FLOAT32,
                    AttentionOptions.defaults(false).withKernel(AttentionKernel.parse(attention)));
        }
        manager.getEngine().setRandomSeed(99);
        image = manager.randomUniform(-1f, 1f, new Shape(1, config.inChannels(), side, side));
        int latentSide = side / config.downsampleFactor();
        latents = manager.randomNormal(new Shape(1, config.latentChannels(), latentSide, latentSide));
    }

    /** Frees the model and inputs. */
    @TearDown(Level.Trial)
    public void tearDown() {
        vae.close();
        manager.close();
    }

    /**
     * @return one element of the posterior mean, read back so that the work is complete
     */
    @Benchmark
    public float encode() {
        try (NDManager call = manager.newSubManager()) {
            DiagonalGaussianDistribution posterior = vae.encode(call, image);
            return posterior.mean().getFloat(0, 0, 0, 0);
        }
    }

    /**
     * @return one pixel of the decoded image, read back so that the work is complete
     */
    @Benchmark
    public float decode() {
        try (NDManager call = manager.newSubManager()) {
            return vae.decode(call, latents).getFloat(0, 0, 0, 0);
        }
    }
}
