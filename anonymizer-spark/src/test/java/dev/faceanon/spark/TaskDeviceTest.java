package dev.faceanon.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** Each task runs on the GPU Spark assigned to it, on the CPU without one, or where the policy fixes. */
class TaskDeviceTest {

    private static Map<String, ResourceInformation> gpus(String... addresses) {
        return Map.of("gpu", new ResourceInformation("gpu", addresses));
    }

    @Test
    void theTaskPolicyTakesTheFirstAssignedGpu() {
        assertEquals("gpu:1", TaskDevice.resolve("task", gpus("1")));
        assertEquals("gpu:3", TaskDevice.resolve("task", gpus("3", "0")));
        assertEquals("cpu", TaskDevice.resolve("task", Map.of()));
        assertEquals("cpu", TaskDevice.resolve("task", gpus()));
        assertEquals("cpu", TaskDevice.resolve("task", Map.of("fpga", new ResourceInformation("fpga",
                new String[] {"0"}))));
        assertEquals("cpu", TaskDevice.resolve("task"), "outside a task nothing is assigned");
    }

    @Test
    void fixedPoliciesIgnoreTheAssignment() {
        assertEquals("cpu", TaskDevice.resolve("cpu", gpus("1")));
        assertEquals("gpu:0", TaskDevice.resolve("gpu:0", gpus("1")));
        assertEquals("auto", TaskDevice.resolve("auto", Map.of()));
    }

    @Test
    void unusablePoliciesAndAddressesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskDevice.check("cuda"));
        assertTrue(e.getMessage().contains("got cuda"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TaskDevice.resolve("task", gpus("GPU-5f3c")));
        assertTrue(e.getMessage().contains("'GPU-5f3c'") && e.getMessage().contains("discovery script"),
                e.getMessage());
    }
}
