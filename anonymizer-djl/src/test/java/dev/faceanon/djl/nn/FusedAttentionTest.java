package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;

/** The fused operator's life: loaded once per device, shared by threads, refused where it cannot run. */
class FusedAttentionTest {

    @Test
    void isLoadedOncePerDeviceAndRunsTheHandComputedCase() {
        FusedAttention cpu = FusedAttention.on(Device.cpu()).orElseThrow();
        assertSame(cpu, FusedAttention.on(Device.cpu()).orElseThrow());
        assertEquals(AttentionKernel.FUSED, DotProductAttention.kernelOn(AttentionKernel.FUSED, Device.cpu()));
        assertEquals(AttentionKernel.MATERIALISED,
                DotProductAttention.kernelOn(AttentionKernel.MATERIALISED, Device.cpu()));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            // Scale 1/√4: scores 0 and 2·1/2 = 1; weights e^0 and e^1 over their sum.
            NDArray q = m.create(new float[] {2, 0, 0, 0}, new Shape(1, 1, 1, 4));
            NDArray k = m.create(new float[] {0, 0, 0, 0, 1, 0, 0, 0}, new Shape(1, 1, 2, 4));
            NDArray v = m.create(new float[] {1, 0, 0, 0, 0, 1, 0, 0}, new Shape(1, 1, 2, 4));
            double w1 = Math.E / (1 + Math.E);
            float[] out = cpu.attendHeads(q, k, v).toFloatArray();
            assertArrayEquals(new float[] {(float) (1 - w1), (float) w1, 0, 0}, out, 1e-6f);
        }
    }

    /**
     * A device the operator cannot be loaded on (no such GPU, or no CUDA at all) is answered with the
     * materialised kernel, and asking again does not retry the load.
     */
    @Test
    void aDeviceWithoutTheOperatorGetsTheMaterialisedKernel() {
        Device absent = Device.gpu(63);
        assertTrue(FusedAttention.on(absent).isEmpty());
        assertEquals(AttentionKernel.MATERIALISED, DotProductAttention.kernelOn(AttentionKernel.FUSED, absent));
        assertTrue(FusedAttention.on(absent).isEmpty());
    }

    @Test
    void concurrentCallsFromSeveralThreadsGiveTheSingleThreadedResult() throws Exception {
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
