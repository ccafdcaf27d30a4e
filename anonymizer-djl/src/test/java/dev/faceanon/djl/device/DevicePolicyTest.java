package dev.faceanon.djl.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.testing.HandTensors;
import dev.faceanon.djl.weights.TensorSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevicePolicyTest {

    @Test
    void gpuWithFp16WhenTheEngineHasCudaAndAGpu() {
        assertEquals(new DeviceChoice(Device.gpu(0), DataType.FLOAT16),
                DevicePolicy.automatic().choose(CudaAvailability.of(true, 2)));
    }

    @Test
    void cpuWithFp32OtherwiseIncludingThisMachine() {
        DeviceChoice cpu = new DeviceChoice(Device.cpu(), DataType.FLOAT32);
        assertEquals(cpu, DevicePolicy.automatic().choose(CudaAvailability.of(false, 0)));
        assertEquals(cpu, DevicePolicy.automatic().choose(CudaAvailability.of(true, 0)));
        // The CPU natives on the class path here have no CUDA.
        assertEquals(cpu, DevicePolicy.automatic().choose());
        assertFalse(cpu.isGpu());
    }

    @Test
    void overridesApply() {
        assertEquals(new DeviceChoice(Device.gpu(0), DataType.FLOAT32),
                DevicePolicy.automatic().withDataType(DataType.FLOAT32).choose(CudaAvailability.of(true, 1)));
        assertEquals(new DeviceChoice(Device.cpu(), DataType.FLOAT32),
                DevicePolicy.automatic().withDevice(Device.cpu()).choose(CudaAvailability.of(true, 1)));
        assertEquals(new DeviceChoice(Device.gpu(1), DataType.FLOAT16), DevicePolicy.fromProperties(
                Map.of(DevicePolicy.DEVICE_PROPERTY, "gpu:1")).choose(CudaAvailability.of(true, 2)));
        assertEquals(new DeviceChoice(Device.cpu(), DataType.FLOAT16), DevicePolicy.fromProperties(
                Map.of(DevicePolicy.DEVICE_PROPERTY, "cpu", DevicePolicy.PRECISION_PROPERTY, "fp16"))
                .choose(CudaAvailability.of(true, 1)));
    }

    @Test
    void impossibleRequestsAreRefusedWithAReason() {
        IllegalStateException noCuda = assertThrows(IllegalStateException.class,
                () -> DevicePolicy.automatic().withDevice(Device.gpu(0)).choose(CudaAvailability.of(false, 0)));
        assertTrue(noCuda.getMessage().contains("no CUDA natives"), noCuda.getMessage());
        assertThrows(IllegalStateException.class,
                () -> DevicePolicy.automatic().withDevice(Device.gpu(3)).choose(CudaAvailability.of(true, 1)));
        IllegalArgumentException bf16 = assertThrows(IllegalArgumentException.class,
                () -> DevicePolicy.automatic().withDataType(DataType.BFLOAT16));
        assertTrue(bf16.getMessage().contains("bfloat16"), bf16.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DevicePolicy.fromProperties(Map.of(DevicePolicy.DEVICE_PROPERTY, "tpu")));
        assertThrows(IllegalArgumentException.class,
                () -> DevicePolicy.fromProperties(Map.of(DevicePolicy.PRECISION_PROPERTY, "int8")));
    }

    @Test
    void weightsAreConvertedAtLoadTimeButIntegersKeepTheirType() {
        TensorSource src = new HandTensors().put("w", new float[] {1.5f, -2f, 65504f}, 3)
                .putLongs("position_ids", new long[] {7, 1L << 40}, 1, 2).source();
        DeviceChoice half = new DeviceChoice(Device.cpu(), DataType.FLOAT16);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray w = half.loadWeight(src, "w", m);
            assertEquals(DataType.FLOAT16, w.getDataType());
            float[] back = w.toType(DataType.FLOAT32, false).toFloatArray();
            assertEquals(1.5f, back[0]);
            assertEquals(-2f, back[1]);
            assertEquals(65504f, back[2]);
            NDArray ids = half.loadWeight(src, "position_ids", m);
            assertEquals(DataType.INT64, ids.getDataType());
            assertEquals(1L << 40, ids.toLongArray()[1]);
        }
    }
}
