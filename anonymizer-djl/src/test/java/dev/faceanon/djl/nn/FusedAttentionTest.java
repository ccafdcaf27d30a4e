package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
}
