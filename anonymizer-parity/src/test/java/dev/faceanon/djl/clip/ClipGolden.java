package dev.faceanon.djl.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.golden.Tolerance;
import dev.faceanon.parity.ClipVisionGoldenRunner;
import dev.faceanon.parity.ParityTolerances;

/**
 * The clip_vision_tiny golden (golden README &sect;4.4 (b)) as the CLIP tests use it: its config, its
 * model input, and the comparison every model tensor is held to.
 */
final class ClipGolden {
    static final String CASE = "clip_vision_tiny";

    /** Model tensors in float32; justified at {@link ParityTolerances#MODEL_FP32}. */
    static final Tolerance FP32 = ParityTolerances.MODEL_FP32;

    private ClipGolden() {}

    static GoldenCase open() {
        return GoldenDirectory.fromSystemProperty().open(CASE);
    }

    static ClipVisionConfig config(GoldenCase golden) {
        return ClipVisionConfig.fromJson(golden.config().orElseThrow(), golden.tensorFile());
    }

    /** The model input, which the golden does not store: both preprocessed examples, batched. */
    static NDArray pixelValues(GoldenCase golden, NDManager manager) {
        return ClipVisionGoldenRunner.pixelValues(golden, manager);
    }

    /** Compares with the float32 tolerance, prints the measured error, and fails with a summary. */
    static Comparison assertMatches(GoldenCase golden, String name, NDArray actual) {
        assertArrayEquals(golden.info(name).shape(), actual.getShape().getShape(), name + " shape");
        Comparison c = FP32.compare(actual.toType(DataType.FLOAT32, false).toFloatArray(), golden.floats(name));
        System.out.println(CASE + " " + name + ": " + c.summary());
        assertTrue(c.passed(), name + ": " + c.summary());
        return c;
    }
}
