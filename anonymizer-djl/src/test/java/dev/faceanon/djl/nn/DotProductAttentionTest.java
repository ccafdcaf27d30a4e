package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kernel's calls leave nothing behind in the managers of their inputs. */
class DotProductAttentionTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(TiledAttention.PROPERTY);
    }

    /**
     * Keys and values live in a manager that outlives the calls (as reference states outlive a step), queries in a
     * manager per call; after 20 calls the long-lived manager holds what it held before. The materialised path runs
     * chunked (a bound of 1000 scores: 10 chunks here).
     */
    @ParameterizedTest
    @CsvSource({"FUSED, never, 0", "FUSED, always, 0", "MATERIALISED, never, 1000", "MATERIALISED, never, 0"})
    void callsLeaveNothingInTheManagersOfTheirInputs(AttentionKernel kernel, String tiles, long maxScores) {
        System.setProperty(TiledAttention.PROPERTY, tiles);
        AttentionOptions options = new AttentionOptions(kernel, false, maxScores);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray k = m.ones(new Shape(2, 90, 16));
            NDArray v = m.ones(new Shape(2, 90, 16));
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                try (NDManager call = m.newSubManager()) {
                    NDArray q = call.ones(new Shape(2, 25, 16));
                    NDArray out = DotProductAttention.attend(q, k, v, 2, options);
                    assertEquals(new Shape(2, 25, 16), out.getShape());
                    // Float32 rounding of 90 weights of 1/90.
                    assertEquals(1f, out.max().getFloat(), 1e-5f, "the mean of values that are all 1");
                }
            }
            assertEquals(before, m.getManagedArrays().size());
        }
    }
}
