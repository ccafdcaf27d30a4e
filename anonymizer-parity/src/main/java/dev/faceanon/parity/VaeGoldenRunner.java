package dev.faceanon.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.vae.AutoencoderKL;
import dev.faceanon.djl.vae.DiagonalGaussianDistribution;
import java.util.List;
import java.util.Objects;

/**
 * Reproduces {@code vae_tiny} (golden README §4.3): encode {@code 2·(u8/255) − 1}, the posterior's
 * moments, mean, clamped logvar, std and sample with the recorded noise, and the decode of the
 * stored sample (which checks the decoder on its own).
 */
public final class VaeGoldenRunner implements GoldenRunner {
    /** The case this runner reproduces. */
    public static final String CASE = "vae_tiny";
    /** The noise the reference's {@code latent_dist.sample()} drew. */
    public static final String NOISE = "noise.vae_posterior.0";

    private final AttentionKernel kernel;

    /** A runner with the attention kernel of the system property {@value AttentionKernel#PROPERTY}. */
    public VaeGoldenRunner() {
        this(AttentionKernel.fromSystemProperties());
    }

    /** @param kernel the attention kernel the networks run */
    public VaeGoldenRunner(AttentionKernel kernel) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
    }

    @Override
    public boolean handles(String caseName) {
        return CASE.equals(caseName);
    }

    /**
     * @param golden the case
     * @param manager owner of the result
     * @return {@code 2·(u8/255) − 1} in float32 as [1, 3, H, W] from the stored HWC uint8 image; the
     *     division and the affine map run in float32 in that order, as in the reference
     */
    public static NDArray image(GoldenCase golden, NDManager manager) {
        NDArray hwc = golden.array("input.image_u8", manager);
        return hwc.toType(DataType.FLOAT32, false).div(255f).mul(2f).sub(1f).transpose(2, 0, 1).expandDims(0);
    }

    @Override
    public List<TensorCheck> run(GoldenDirectory dir, GoldenCase golden) {
        VaeConfig config = VaeConfig.fromJson(golden.config().orElseThrow(), golden.tensorFile());
        try (NDManager m = NDManager.newBaseManager();
                AutoencoderKL vae = AutoencoderKL.load(config, golden.weights(), m, DataType.FLOAT32,
                        AttentionOptions.defaults(false).withKernel(kernel))) {
            DiagonalGaussianDistribution posterior = vae.encode(m, image(golden, m));
            NDArray decoded = vae.decode(m, golden.array("output.posterior_sample", m));
            return List.of(
                    check(golden, "output.moments", posterior.moments()),
                    check(golden, "output.posterior_mean", posterior.mean()),
                    check(golden, "output.posterior_logvar", posterior.logvar()),
                    check(golden, "output.posterior_std", posterior.std()),
                    check(golden, "output.posterior_sample", posterior.sample(golden.array(NOISE, m))),
                    check(golden, "output.decoded", decoded));
        }
    }

    private static TensorCheck check(GoldenCase golden, String name, NDArray actual) {
        return GoldenRunners.check(golden, name, actual, ParityTolerances.MODEL_FP32);
    }
}
