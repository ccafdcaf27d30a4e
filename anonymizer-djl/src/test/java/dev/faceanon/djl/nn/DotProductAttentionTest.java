package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The dispatcher's kernels: calls leave nothing behind in their inputs' managers, and may come from any thread. */
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

    /** The operators hold no state: calls from several threads at once give the materialised result. */
    @ParameterizedTest
    @ValueSource(strings = {"never", "always"})
    void concurrentCallsFromSeveralThreadsGiveTheSingleThreadedResult(String tiles) throws Exception {
        System.setProperty(TiledAttention.PROPERTY, tiles);
        int threads = 4;
        int calls = 25;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            m.getEngine().setRandomSeed(11);
            NDArray q = m.randomNormal(new Shape(2, 33, 24));
            NDArray k = m.randomNormal(new Shape(2, 47, 24));
            NDArray v = m.randomNormal(new Shape(2, 47, 24));
            float[] expected = DotProductAttention.attend(q, k, v, 3, AttentionOptions.materialised(false, 0))
                    .toFloatArray();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<float[]>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Callable<List<float[]>> work = () -> {
                        start.await();
                        List<float[]> outs = new ArrayList<>();
                        for (int i = 0; i < calls; i++) {
                            NDArray out = DotProductAttention.attend(q, k, v, 3, AttentionOptions.defaults(false));
                            outs.add(out.toFloatArray());
                            out.close();
                        }
                        return outs;
                    };
                    results.add(pool.submit(work));
                }
                start.countDown();
                for (Future<List<float[]>> f : results) {
                    for (float[] out : f.get()) {
                        assertArrayEquals(expected, out, 1e-5f);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
