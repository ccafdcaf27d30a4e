package dev.faceanon.djl.blocks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.golden.Tolerance;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.Weights;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The timestep projection and embedding against the unet_tiny golden's forward-hook tensors. */
class TimestepEmbeddingTest {

    @Test
    void matchesReferenceAtTimestep421() {
        try (GoldenCase unet = GoldenDirectory.fromSystemProperty().open("unet_tiny");
                NDManager m = NDManager.newBaseManager()) {
            var config = unet.config().orElseThrow();
            int c0 = config.getAsJsonArray("block_out_channels").get(0).getAsInt();
            Function<Weights, TimestepEmbedding> build = w -> new TimestepEmbedding(w.at("time_embedding"), c0,
                    4L * c0, config.get("flip_sin_to_cos").getAsBoolean(), config.get("freq_shift").getAsDouble());
            // Only the time_embedding.* keys are used here; every other weight is knowingly ignored.
            TimestepEmbedding emb = CheckpointLoader.load("TimestepEmbedding", unet.weights(),
                    k -> !k.startsWith("time_embedding."), m, DataType.FLOAT32, build);
            long t = unet.longs("input.timestep")[0];
            // The sinusoid is the same float32 kernel sequence as diffusers: agreement to a few ulp.
            Comparison proj = new Tolerance(1e-6, 1e-6).compare(emb.project(m, t, 2).toFloatArray(),
                    unet.floats("debug.time_proj"));
            assertTrue(proj.passed(), proj.summary());
            Comparison full = new Tolerance(1e-5, 1e-5).compare(emb.forward(m, t, 2, DataType.FLOAT32).toFloatArray(),
                    unet.floats("debug.time_embedding"));
            assertTrue(full.passed(), full.summary());
        }
    }
}
