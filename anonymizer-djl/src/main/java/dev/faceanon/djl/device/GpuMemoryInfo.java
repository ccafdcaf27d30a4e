package dev.faceanon.djl.device;

/**
 * Free and total memory of one GPU, as the driver reports it (process-wide: other processes' use is
 * already subtracted from {@code freeBytes}).
 *
 * @param device the device index
 * @param freeBytes memory free now
 * @param totalBytes the device's memory
 * @param source which library answered, e.g. {@code NVML}
 */
public record GpuMemoryInfo(int device, long freeBytes, long totalBytes, String source) {

    /**
     * Checks the invariants.
     *
     * @param device the device index
     * @param freeBytes memory free now
     * @param totalBytes the device's memory
     * @param source which library answered, e.g. {@code NVML}
     * @throws IllegalArgumentException if the device index or the free memory is negative, the total is not
     *     positive or the free memory exceeds it
     */
    public GpuMemoryInfo {
        if (device < 0 || freeBytes < 0 || totalBytes <= 0 || freeBytes > totalBytes) {
            throw new IllegalArgumentException("impossible GPU memory: device " + device + ", free " + freeBytes
                    + " of " + totalBytes);
        }
    }
}
