package dev.faceanon.djl.device;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the device and precision: the first GPU with float16 weights and activations when DJL's
 * PyTorch engine has CUDA natives and sees a GPU, else the CPU with float32. Either can be
 * overridden, programmatically or with the system properties {@code faceanon.device}
 * ({@code cpu}, {@code gpu}, {@code gpu:1}) and {@code faceanon.precision} ({@code fp16}, {@code fp32}).
 *
 * <p>float16 halves memory and uses the GPU's tensor cores; the attention softmax is computed in
 * float32 regardless (SD-2.1 sets {@code upcast_attention}). On the CPU float16 is slower than float32,
 * so it is only used when asked for.
 */
public final class DevicePolicy {
    /** System property selecting the device. */
    public static final String DEVICE_PROPERTY = "faceanon.device";
    /** System property selecting the precision. */
    public static final String PRECISION_PROPERTY = "faceanon.precision";

    private final Device device;
    private final DataType dataType;

    private DevicePolicy(Device device, DataType dataType) {
        this.device = device;
        this.dataType = dataType;
    }

    /** @return the automatic choice, no override */
    public static DevicePolicy automatic() {
        return new DevicePolicy(null, null);
    }

    /**
     * @param properties e.g. {@link System#getProperties()} as a map
     * @return the automatic choice with the overrides the properties give
     * @throws IllegalArgumentException if a property has an unknown value
     */
    public static DevicePolicy fromProperties(Map<?, ?> properties) {
        DevicePolicy p = automatic();
        Object d = properties.get(DEVICE_PROPERTY);
        if (d != null && !d.toString().isBlank()) {
            p = p.withDevice(parseDevice(d.toString()));
        }
        Object t = properties.get(PRECISION_PROPERTY);
        if (t != null && !t.toString().isBlank()) {
            p = p.withDataType(parsePrecision(t.toString()));
        }
        return p;
    }

    /**
     * @param forced the device to use
     * @return a copy that uses it
     */
    public DevicePolicy withDevice(Device forced) {
        return new DevicePolicy(Objects.requireNonNull(forced, "device"), dataType);
    }

    /**
     * @param forced FLOAT16 or FLOAT32
     * @return a copy that uses it
     */
    public DevicePolicy withDataType(DataType forced) {
        new DeviceChoice(Device.cpu(), forced);
        return new DevicePolicy(device, forced);
    }

    /** @return the forced device, if any */
    public Optional<Device> forcedDevice() {
        return Optional.ofNullable(device);
    }

    /** @return the forced precision, if any */
    public Optional<DataType> forcedDataType() {
        return Optional.ofNullable(dataType);
    }

    /** @return the choice for DJL's PyTorch engine in this process */
    public DeviceChoice choose() {
        return choose(CudaAvailability.pytorchEngine());
    }

    /**
     * @param cuda what the engine supports
     * @return the device and precision to use
     * @throws IllegalStateException if a GPU is forced that the engine cannot use
     */
    public DeviceChoice choose(CudaAvailability cuda) {
        boolean gpuUsable = cuda.engineHasCuda() && cuda.gpuCount() > 0;
        Device d = device;
        if (d == null) {
            d = gpuUsable ? Device.gpu(0) : Device.cpu();
        } else if (Device.Type.GPU.equals(d.getDeviceType())) {
            if (!cuda.engineHasCuda()) {
                throw new IllegalStateException("GPU " + d.getDeviceId() + " was requested but DJL's PyTorch engine"
                        + " has no CUDA natives (a CPU build is on the class path); run on the CPU or install the"
                        + " CUDA natives (see docs/native-libraries.md).");
            }
            if (d.getDeviceId() >= cuda.gpuCount()) {
                throw new IllegalStateException("GPU " + d.getDeviceId() + " was requested but the engine sees "
                        + cuda.gpuCount() + " GPU(s).");
            }
        }
        boolean onGpu = Device.Type.GPU.equals(d.getDeviceType());
        DataType t = dataType != null ? dataType : onGpu ? DataType.FLOAT16 : DataType.FLOAT32;
        return new DeviceChoice(d, t);
    }

    static Device parseDevice(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (v.equals("cpu")) {
            return Device.cpu();
        }
        if (v.equals("gpu") || v.equals("cuda")) {
            return Device.gpu(0);
        }
        if (v.matches("(gpu|cuda):\\d{1,3}")) {
            return Device.gpu(Integer.parseInt(v.substring(v.indexOf(':') + 1)));
        }
        throw new IllegalArgumentException(DEVICE_PROPERTY + " must be cpu, gpu or gpu:N, got '" + s + "'");
    }

    static DataType parsePrecision(String s) {
        switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "fp16":
            case "float16":
            case "half":
                return DataType.FLOAT16;
            case "fp32":
            case "float32":
            case "float":
                return DataType.FLOAT32;
            default:
                throw new IllegalArgumentException(PRECISION_PROPERTY + " must be fp16 or fp32, got '" + s + "'");
        }
    }
}
