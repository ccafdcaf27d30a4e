package dev.faceanon.djl.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.nn.AttentionKernel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * These machines have no NVIDIA driver: NVML is absent, and a CUDA runtime may be installed without a
 * driver behind it. The probes must say so and return nothing, without any native error escaping.
 */
class GpuMemoryProbeTest {

    @Test
    void systemProbeLoadsNothingUntilAskedThenReportsNoGpuCleanly() {
        NvidiaMemoryProbe probe = (NvidiaMemoryProbe) GpuMemoryProbe.system();
        assertFalse(probe.loadAttempted(), "constructing the probe must not load native libraries");
        assertEquals(Optional.empty(), probe.memory(0));
        assertTrue(probe.loadAttempted());
        assertEquals(0, probe.deviceCount());
        String status = probe.status();
        assertTrue(status.startsWith("NVML: no NVIDIA library: could not load nvidia-ml, libnvidia-ml.so.1"), status);
        // The CUDA runtime part: absent, or present with no driver or device.
        assertTrue(status.contains("CUDA runtime: no NVIDIA library") || status.contains("no usable GPU")
                || status.contains("no device"), status);
    }

    @Test
    void absentLibrariesAreReportedByName() {
        NvmlMemoryProbe nvml = new NvmlMemoryProbe(List.of("faceanon-absent-nvml"));
        CudaRuntimeMemoryProbe cudart = new CudaRuntimeMemoryProbe(List.of("faceanon-absent-cudart"));
        assertFalse(nvml.loadAttempted() || cudart.loadAttempted());
        assertEquals(Optional.empty(), nvml.memory(0));
        assertEquals(Optional.empty(), cudart.memory(0));
        assertEquals(0, cudart.deviceCount());
        assertEquals("NVML: no NVIDIA library: could not load faceanon-absent-nvml", nvml.status());
        assertEquals("CUDA runtime: no NVIDIA library: could not load faceanon-absent-cudart", cudart.status());
    }

    @Test
    void plannerFallsBackWhenTheProbeKnowsNothing() {
        PlacementPlan p = new PlacementPlanner(ModelFootprint.published(), Workload.DEFAULT, AttentionKernel.FUSED)
                .plan(new DeviceChoice(Device.gpu(0), DataType.FLOAT16), GpuMemoryProbe.system());
        assertEquals(PlacementStrategy.ALL_RESIDENT, p.strategy());
        assertEquals(-1, p.availableBytes());
    }
}
