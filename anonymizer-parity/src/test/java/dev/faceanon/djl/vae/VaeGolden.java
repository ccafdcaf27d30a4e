package dev.faceanon.djl.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.parity.VaeGoldenRunner;
import dev.faceanon.djl.weights.TensorSource;

/** The vae_tiny golden case and how the reference fed it to the model (golden README §4.3). */
final class VaeGolden {
    static final String CASE = "vae_tiny";
    /** The noise the reference's {@code latent_dist.sample()} drew. */
    static final String NOISE = VaeGoldenRunner.NOISE;
    /** The diffusers default processor path in fp32 has no upcast; chunking is irrelevant at this size. */
    static final AttentionOptions OPTIONS = AttentionOptions.defaults(false);

    private VaeGolden() {}

    static GoldenCase open() {
        return GoldenDirectory.fromSystemProperty().open(CASE);
    }

    static VaeConfig config(GoldenCase golden) {
        return VaeConfig.fromJson(golden.config().orElseThrow(), golden.tensorFile());
    }

    static AutoencoderKL load(GoldenCase golden, TensorSource weights, NDManager manager, DataType dtype) {
        return AutoencoderKL.load(config(golden), weights, manager, dtype, OPTIONS);
    }

    static NDArray image(GoldenCase golden, NDManager manager) {
        return VaeGoldenRunner.image(golden, manager);
    }
}
