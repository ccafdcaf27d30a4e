package dev.faceanon.djl.clip;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.djl.nn.CheckpointLoader;
import org.junit.jupiter.api.Test;

/** {@code CLIPVisionEmbeddings} against the golden's forward-hook output {@code debug.embeddings}. */
class ClipVisionEmbeddingsTest {

    private static ClipVisionEmbeddings load(GoldenCase golden, NDManager m) {
        ClipVisionConfig c = ClipGolden.config(golden);
        // Only the embedding parameters are under test; the rest of the checkpoint is knowingly skipped.
        return CheckpointLoader.load("CLIPVisionEmbeddings", golden.weights(),
                k -> !k.startsWith("vision_model.embeddings."), m, DataType.FLOAT32,
                w -> new ClipVisionEmbeddings(w.at("vision_model").at("embeddings"), c.numChannels(), c.hiddenSize(),
                        c.imageSize(), c.patchSize()));
    }

    @Test
    void matchesReferenceEmbeddings() {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager()) {
            // The held-out set stores no debug tensors; its outputs are checked by ClipVisionModelTest.
            assumeTrue(golden.has("debug.embeddings"), "no debug.embeddings in this golden set");
            NDArray tokens = load(golden, m).forward(ClipGolden.pixelValues(golden, m));
            ClipGolden.assertMatches(golden, "debug.embeddings", tokens);
        }
    }

    @Test
    void rejectsImagesOfAnotherSize() {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager()) {
            ClipVisionConfig c = ClipGolden.config(golden);
            ClipVisionEmbeddings embeddings = load(golden, m);
            NDArray small = m.zeros(new Shape(1, c.numChannels(), c.imageSize() - 1,
                    c.imageSize() - 1));
            assertThrows(IllegalArgumentException.class, () -> embeddings.forward(small));
            NDArray gray = m.zeros(new Shape(1, 1, c.imageSize(), c.imageSize()));
            assertThrows(IllegalArgumentException.class, () -> embeddings.forward(gray));
        }
    }
}
