package dev.faceanon.djl.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.djl.golden.GoldenCase;
import dev.faceanon.djl.golden.GoldenDirectory;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.weights.TensorSource;

/** The vae_tiny golden case and how the reference fed it to the model (golden README §4.3). */
final class VaeGolden {
    static final String CASE = "vae_tiny";
    /** The noise the reference's {@code latent_dist.sample()} drew. */
    static final String NOISE = "noise.vae_posterior.0";
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

    /**
     * @return {@code 2·(u8/255) − 1} in float32 as [1, 3, H, W], from the stored HWC uint8 image;
     *     the division and the affine map run in float32 in that order, as in the reference
     */
    static NDArray image(GoldenCase golden, NDManager manager) {
        NDArray hwc = golden.array("input.image_u8", manager);
        return hwc.toType(DataType.FLOAT32, false).div(255f).mul(2f).sub(1f).transpose(2, 0, 1).expandDims(0);
    }
}
