package dev.faceanon.djl.weights;

import dev.faceanon.text.UntrustedText;

/**
 * One storage of a checkpoint as its persistent id describes it: the key of its data record, its
 * element type and its length in elements. Several tensors may view one storage.
 */
final class TorchCheckpointStorage {
    private final String key;
    private final TensorDType dtype;
    private final long numel;
    private final long byteSize;

    /**
     * @param key the storage key, e.g. {@code "0"}
     * @param dtype the element type of its storage class
     * @param numel its length in elements
     * @throws ArithmeticException if the byte size overflows
     */
    TorchCheckpointStorage(String key, TensorDType dtype, long numel) {
        this.key = key;
        this.dtype = dtype;
        this.numel = numel;
        this.byteSize = Math.multiplyExact(numel, (long) dtype.byteSize());
    }

    String key() {
        return key;
    }

    TensorDType dtype() {
        return dtype;
    }

    long numel() {
        return numel;
    }

    long byteSize() {
        return byteSize;
    }

    @Override
    public String toString() {
        return "storage " + UntrustedText.quote(key) + " (" + numel + " x " + dtype + ")";
    }
}
