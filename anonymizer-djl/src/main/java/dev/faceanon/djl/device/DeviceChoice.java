package dev.faceanon.djl.device;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.weights.TensorDecoder;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import java.util.Objects;

/**
 * The device the networks run on and the floating-point type of their weights and activations.
 * Weights are stored as float32 in the published files and converted to this type as they are
 * loaded; integer tensors (e.g. CLIP's position ids) keep their type.
 */
public final class DeviceChoice {
    private final Device device;
    private final DataType dataType;

    /**
     * @param device the device
     * @param dataType FLOAT16 or FLOAT32 (bfloat16 aborts DJL's PyTorch JNI and is refused)
     */
    public DeviceChoice(Device device, DataType dataType) {
        this.device = Objects.requireNonNull(device, "device");
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        if (dataType != DataType.FLOAT16 && dataType != DataType.FLOAT32) {
            throw new IllegalArgumentException("the networks run in FLOAT16 or FLOAT32, not " + dataType
                    + (dataType == DataType.BFLOAT16 ? " (DJL's PyTorch engine aborts on bfloat16)" : ""));
        }
    }

    /** @return the device */
    public Device device() {
        return device;
    }

    /** @return the floating-point type of weights and activations */
    public DataType dataType() {
        return dataType;
    }

    /** @return true for a GPU */
    public boolean isGpu() {
        return Device.Type.GPU.equals(device.getDeviceType());
    }

    /** @return bytes per weight or activation element */
    public int bytesPerElement() {
        return dataType.getNumOfBytes();
    }

    /**
     * Loads one weight tensor onto the manager's device, converting floating-point data to this
     * choice's type.
     *
     * @param source the weight file
     * @param name the tensor key
     * @param manager a manager on {@link #device()}
     * @return the tensor
     */
    public NDArray loadWeight(TensorSource source, String name, NDManager manager) {
        TensorInfo info = source.info(name);
        DataType target = info.dtype().isFloatingPoint() ? dataType : TensorDecoder.defaultEngineType(info.dtype());
        return source.load(name, manager, target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceChoice && ((DeviceChoice) o).device.equals(device)
                && ((DeviceChoice) o).dataType == dataType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, dataType);
    }

    @Override
    public String toString() {
        return device + " " + dataType;
    }
}
