package dev.faceanon.djl.device;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * GPU memory through NVML, the driver's management library: the same numbers {@code nvidia-smi} shows,
 * obtained without creating a CUDA context. Each query initialises and shuts NVML down again (both
 * are reference-counted by NVML and take milliseconds).
 */
final class NvmlMemoryProbe implements GpuMemoryProbe {
    static final List<String> LIBRARY_NAMES = List.of("nvidia-ml", "libnvidia-ml.so.1", "nvml");
    private static final int NVML_SUCCESS = 0;

    /** The NVML functions used; signatures from nvml.h. */
    interface Nvml extends Library {
        int nvmlInit_v2();

        int nvmlShutdown();

        int nvmlDeviceGetCount_v2(IntByReference count);

        int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

        /** {@code memory} receives nvmlMemory_t: unsigned long long total, free, used. */
        int nvmlDeviceGetMemoryInfo(Pointer device, long[] memory);

        String nvmlErrorString(int result);
    }

    private final LazyNativeLibrary<Nvml> library;
    private volatile String status = "NVML not queried yet";

    NvmlMemoryProbe(List<String> names) {
        this.library = new LazyNativeLibrary<>(Nvml.class, names);
    }

    boolean loadAttempted() {
        return library.attempted();
    }

    @Override
    public synchronized Optional<GpuMemoryInfo> memory(int device) {
        return withNvml(nvml -> {
            int count = count(nvml);
            if (device < 0 || device >= count) {
                status = "NVML: no device " + device + " (" + count + " present)";
                return Optional.empty();
            }
            PointerByReference handle = new PointerByReference();
            int rc = nvml.nvmlDeviceGetHandleByIndex_v2(device, handle);
            long[] mem = new long[3];
            if (rc == NVML_SUCCESS) {
                rc = nvml.nvmlDeviceGetMemoryInfo(handle.getValue(), mem);
            }
            if (rc != NVML_SUCCESS) {
                status = "NVML: cannot read device " + device + ": " + nvml.nvmlErrorString(rc);
                return Optional.empty();
            }
            status = "NVML: device " + device + " read";
            return Optional.of(new GpuMemoryInfo(device, mem[1], mem[0], "NVML"));
        });
    }

    @Override
    public synchronized int deviceCount() {
        return withNvml(nvml -> Optional.of(count(nvml))).orElse(0);
    }

    private int count(Nvml nvml) {
        IntByReference n = new IntByReference();
        int rc = nvml.nvmlDeviceGetCount_v2(n);
        if (rc != NVML_SUCCESS) {
            status = "NVML: cannot count devices: " + nvml.nvmlErrorString(rc);
            return 0;
        }
        return n.getValue();
    }

    private <R> Optional<R> withNvml(Function<Nvml, Optional<R>> query) {
        Optional<Nvml> lib = library.get();
        if (lib.isEmpty()) {
            status = "NVML: " + library.failure();
            return Optional.empty();
        }
        Nvml nvml = lib.get();
        int rc = nvml.nvmlInit_v2();
        if (rc != NVML_SUCCESS) {
            status = "NVML: initialisation failed: " + nvml.nvmlErrorString(rc) + " (is the NVIDIA driver loaded?)";
            return Optional.empty();
        }
        try {
            return query.apply(nvml);
        } finally {
            nvml.nvmlShutdown();
        }
    }

    @Override
    public String status() {
        return status;
    }
}
