package dev.faceanon.djl.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.golden.Comparison;
import dev.faceanon.djl.golden.GoldenCase;
import dev.faceanon.djl.golden.GoldenDirectory;
import dev.faceanon.djl.golden.Tolerance;

/**
 * The clip_vision_tiny golden (golden README &sect;4.4 (b)) as the CLIP tests use it: its config, its
 * model input, and the comparison every model tensor is held to.
 */
final class ClipGolden {
    static final String CASE = "clip_vision_tiny";

    /**
     * Model outputs and states in float32 (golden README &sect;7): the reference's own float32-vs-float64
     * spread is 4.3e-6 on last_hidden_state (|v| up to ~6) and 6e-7 on the pooler, and libtorch's
     * MKL/oneDNN GEMMs reassociate sums differently from the reference's netlib BLAS; 1e-4 + 1e-4·|b|
     * leaves a 20-100x margin over that spread while one wrong operation (a mis-scaled score, a swapped
     * head, a missing bias) moves values by 1e-2 or more.
     */
    static final Tolerance FP32 = new Tolerance(1e-4, 1e-4);

    private ClipGolden() {}

    static GoldenCase open() {
        return GoldenDirectory.fromSystemProperty().open(CASE);
    }

    static ClipVisionConfig config(GoldenCase golden) {
        return ClipVisionConfig.fromJson(golden.config().orElseThrow(), golden.tensorFile());
    }

    /** The model input, which the golden does not store: both preprocessed examples, batched. */
    static NDArray pixelValues(GoldenCase golden, NDManager manager) {
        NDArray ex0 = golden.array("preprocess.ex0.output.pixel_values", manager, DataType.FLOAT32);
        NDArray ex1 = golden.array("preprocess.ex1.output.pixel_values", manager, DataType.FLOAT32);
        NDArray batch = ex0.concat(ex1, 0);
        ex0.close();
        ex1.close();
        return batch;
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
