package dev.faceanon.djl.device;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import java.util.List;
import java.util.Optional;

/**
 * GPU memory through the CUDA runtime ({@code cudaMemGetInfo}), for machines where NVML is missing.
 * Unlike NVML this creates the CUDA context on the device, which libtorch would create anyway. The
 * thread's current device is restored after the query.
 */
final class CudaRuntimeMemoryProbe implements GpuMemoryProbe {
    static final List<String> LIBRARY_NAMES = List.of("cudart", "libcudart.so.12", "libcudart.so.13",
            "libcudart.so.11.0");
    private static final int CUDA_SUCCESS = 0;

    /** The CUDA runtime functions used; size_t is 64-bit on every platform DJL supports. */
    interface CudaRuntime extends Library {
        int cudaGetDeviceCount(IntByReference count);

        int cudaGetDevice(IntByReference device);

        int cudaSetDevice(int device);

        int cudaMemGetInfo(LongByReference free, LongByReference total);

        String cudaGetErrorString(int error);
    }

    private final LazyNativeLibrary<CudaRuntime> library;
    private volatile String status = "CUDA runtime not queried yet";

    CudaRuntimeMemoryProbe(List<String> names) {
        this.library = new LazyNativeLibrary<>(CudaRuntime.class, names);
    }

    boolean loadAttempted() {
        return library.attempted();
    }

    @Override
    public synchronized Optional<GpuMemoryInfo> memory(int device) {
        Optional<CudaRuntime> lib = runtime();
        if (lib.isEmpty()) {
            return Optional.empty();
        }
        CudaRuntime rt = lib.get();
        int count = count(rt);
        if (device < 0 || device >= count) {
            if (count > 0) {
                status = "CUDA runtime: no device " + device + " (" + count + " present)";
            }
            return Optional.empty();
        }
        IntByReference previous = new IntByReference();
        int rc = rt.cudaGetDevice(previous);
        if (rc == CUDA_SUCCESS) {
            rc = rt.cudaSetDevice(device);
        }
        try {
            LongByReference free = new LongByReference();
            LongByReference total = new LongByReference();
            if (rc == CUDA_SUCCESS) {
                rc = rt.cudaMemGetInfo(free, total);
            }
            if (rc != CUDA_SUCCESS) {
                status = "CUDA runtime: cannot read device " + device + ": " + rt.cudaGetErrorString(rc);
                return Optional.empty();
            }
            status = "CUDA runtime: device " + device + " read";
            return Optional.of(new GpuMemoryInfo(device, free.getValue(), total.getValue(), "CUDA runtime"));
        } finally {
            rt.cudaSetDevice(previous.getValue());
        }
    }

    @Override
    public synchronized int deviceCount() {
        return runtime().map(this::count).orElse(0);
    }

    private Optional<CudaRuntime> runtime() {
        if (Native.SIZE_T_SIZE != 8) {
            status = "CUDA runtime: unsupported on a platform with " + Native.SIZE_T_SIZE + "-byte size_t";
            return Optional.empty();
        }
        Optional<CudaRuntime> lib = library.get();
        if (lib.isEmpty()) {
            status = "CUDA runtime: " + library.failure();
        }
        return lib;
    }

    private int count(CudaRuntime rt) {
        IntByReference n = new IntByReference();
        int rc = rt.cudaGetDeviceCount(n);
        if (rc != CUDA_SUCCESS) {
            // e.g. 35 "driver version is insufficient" or 100 "no CUDA-capable device": a runtime without a GPU.
            status = "CUDA runtime present but no usable GPU: " + rt.cudaGetErrorString(rc) + " (error " + rc + ")";
            return 0;
        }
        if (n.getValue() == 0) {
            status = "CUDA runtime: no device";
        }
        return n.getValue();
    }

    @Override
    public String status() {
        return status;
    }
}
