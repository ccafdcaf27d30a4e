package dev.faceanon.djl.device;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Returns the memory libtorch's caching allocator holds but no tensor uses to the driver, so that
 * other processes (and the next call's different shapes) can use it. A no-op on the CPU.
 */
public final class CudaCache {
    private CudaCache() {}

    /**
     * @param device the device the call ran on
     * @return true if the cache was emptied (GPU), false if there was nothing to do (CPU)
     */
    public static boolean release(Device device) {
        if (!Device.Type.GPU.equals(device.getDeviceType())) {
            return false;
        }
        JniUtils.emptyCudaCache();
        return true;
    }
}
