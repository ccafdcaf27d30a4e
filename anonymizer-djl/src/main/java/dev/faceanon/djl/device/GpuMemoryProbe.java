package dev.faceanon.djl.device;

import java.util.Optional;

/**
 * Reads a GPU's free and total memory. Implementations never throw for a missing library, driver or
 * device: they return empty and say why in {@link #status()}.
 */
public interface GpuMemoryProbe {

    /**
     * @param device a device index
     * @return its memory, or empty if it cannot be known
     */
    Optional<GpuMemoryInfo> memory(int device);

    /** @return the number of GPUs the probe sees (0 when it sees none or cannot look) */
    int deviceCount();

    /** @return a human description of what was found, e.g. why {@link #memory(int)} is empty */
    String status();

    /**
     * The probe of this machine: NVML ({@code libnvidia-ml}, which ships with the driver and does not
     * create a CUDA context), falling back to the CUDA runtime ({@code libcudart}). Nothing is loaded
     * before the first query.
     *
     * @return the probe
     */
    static GpuMemoryProbe system() {
        return new NvidiaMemoryProbe(new NvmlMemoryProbe(NvmlMemoryProbe.LIBRARY_NAMES),
                new CudaRuntimeMemoryProbe(CudaRuntimeMemoryProbe.LIBRARY_NAMES));
    }
}
