package dev.faceanon.djl.clip;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.CheckpointLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code CLIPEncoderLayer} 0 against the golden's forward hooks: input {@code debug.pre_layrnorm}
 * (the encoder input), output {@code debug.encoder.layers.0}. Isolates the layer from the embeddings.
 */
class ClipEncoderLayerTest {
    private static final String PREFIX = "vision_model.encoder.layers.0.";

    private static NDArray runFirstLayer(GoldenCase golden, NDManager m, AttentionOptions options) {
        ClipVisionConfig c = ClipGolden.config(golden);
        // Only layer 0 is under test; the rest of the checkpoint is knowingly skipped.
        ClipEncoderLayer layer = CheckpointLoader.load("CLIPEncoderLayer", golden.weights(),
                k -> !k.startsWith(PREFIX), m, DataType.FLOAT32,
                w -> new ClipEncoderLayer(w.at("vision_model").at("encoder").at("layers").at(0), c.hiddenSize(),
                        c.intermediateSize(), c.numAttentionHeads(), c.hiddenAct(), c.layerNormEps(), options));
        return layer.forward(golden.array("debug.pre_layrnorm", m, DataType.FLOAT32));
    }

    /**
     * @param maxScoreElements the materialised attention's chunking bound: the default (one chunk),
     *     and 1, which forces one query per chunk; both must give the reference result
     */
    @ParameterizedTest
    @ValueSource(longs = {AttentionOptions.DEFAULT_MAX_SCORE_ELEMENTS, 1})
    void firstLayerMatchesReference(long maxScoreElements) {
        firstLayerMatchesReference(AttentionOptions.materialised(false, maxScoreElements));
    }

    @Test
    void firstLayerWithTheFusedKernelMatchesReference() {
        firstLayerMatchesReference(AttentionOptions.defaults(false));
    }

    private static void firstLayerMatchesReference(AttentionOptions options) {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager()) {
            assumeTrue(golden.has("debug.encoder.layers.0") && golden.has("debug.pre_layrnorm"),
                    "no debug tensors in this golden set");
            ClipGolden.assertMatches(golden, "debug.encoder.layers.0", runFirstLayer(golden, m, options));
        }
    }
}
