package dev.faceanon.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.config.UNetConfig;
import java.nio.file.Path;

/** The model sizes the benchmarks time. */
public enum BenchmarkModels {
    /**
     * The tiny golden configuration (shared/golden README §3: widths 16/16/32/32, heads 1/2/4/8,
     * 4 groups, cross-attention width 32) at its golden latent size 16×16.
     */
    TINY(16) {
        @Override
        public UNetConfig config() {
            JsonObject json = JsonParser.parseString("""
                    {"block_out_channels": [16, 16, 32, 32], "attention_head_dim": [1, 2, 4, 8],
                     "norm_num_groups": 4, "cross_attention_dim": 32, "layers_per_block": 2,
                     "use_linear_projection": true, "upcast_attention": true}
                    """).getAsJsonObject();
            return UNetConfig.fromJson(json, Path.of("tiny-golden-config"));
        }
    },
    /** SD-2.1 (the face-anon nets) at 512×512 images, i.e. 64×64 latents. */
    SD21(64) {
        @Override
        public UNetConfig config() {
            return UNetConfig.stableDiffusion21();
        }
    };

    /** Classifier-free guidance doubles the batch of every denoising step. */
    public static final int BATCH = 2;

    private final int latentSize;

    BenchmarkModels(int latentSize) {
        this.latentSize = latentSize;
    }

    /** @return the UNet configuration */
    public abstract UNetConfig config();

    /** @return latent side length */
    public int latentSize() {
        return latentSize;
    }

    /**
     * @param m owner of the result
     * @return random latents [2, in_channels, S, S]
     */
    public NDArray sample(NDManager m) {
        return m.randomNormal(new Shape(BATCH, config().inChannels(), latentSize, latentSize));
    }

    /**
     * @param m owner of the result
     * @param tokens number of tokens (1 for a ReferenceNet, 2 for the denoiser)
     * @return random encoder hidden states [2, tokens, cross_attention_dim]
     */
    public NDArray encoderHiddenStates(NDManager m, int tokens) {
        return m.randomNormal(new Shape(BATCH, tokens, config().crossAttentionDim()));
    }
}
