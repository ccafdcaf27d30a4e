package dev.faceanon.djl.device;

import java.util.Optional;

/** NVML first, the CUDA runtime if NVML cannot answer. */
final class NvidiaMemoryProbe implements GpuMemoryProbe {
    private final NvmlMemoryProbe nvml;
    private final CudaRuntimeMemoryProbe cudart;

    NvidiaMemoryProbe(NvmlMemoryProbe nvml, CudaRuntimeMemoryProbe cudart) {
        this.nvml = nvml;
        this.cudart = cudart;
    }

    /** @return true once any native library load was tried; false right after construction */
    boolean loadAttempted() {
        return nvml.loadAttempted() || cudart.loadAttempted();
    }

    @Override
    public Optional<GpuMemoryInfo> memory(int device) {
        Optional<GpuMemoryInfo> m = nvml.memory(device);
        return m.isPresent() ? m : cudart.memory(device);
    }

    @Override
    public int deviceCount() {
        int n = nvml.deviceCount();
        return n > 0 ? n : cudart.deviceCount();
    }

    @Override
    public String status() {
        return nvml.status() + "; " + cudart.status();
    }
}
