package dev.faceanon.djl.weights;

import dev.faceanon.text.UntrustedText;
import java.util.Arrays;
import java.util.Objects;

/**
 * Name, element type and shape of one tensor in a weight file: what can be known without reading
 * its data.
 */
public final class TensorInfo {
    private final String name;
    private final TensorDType dtype;
    private final long[] shape;
    private final long elementCount;

    /**
     * @param name the tensor's key, e.g. {@code down_blocks.0.resnets.0.conv1.weight}
     * @param dtype its element type
     * @param shape its dimensions (empty for a scalar); each must be non-negative and the element
     *     count must fit in a {@code long} byte size
     * @throws IllegalArgumentException if a dimension is negative or the size overflows
     */
    public TensorInfo(String name, TensorDType dtype, long[] shape) {
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        long count = 1;
        for (long d : this.shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "tensor " + UntrustedText.quote(name) + " has a negative dimension: " + Arrays.toString(shape));
            }
            count = multiply(name, count, d);
        }
        multiply(name, count, dtype.byteSize());
        this.elementCount = count;
    }

    private static long multiply(String name, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor " + UntrustedText.quote(name)
                    + " is too large: its byte size overflows", e);
        }
    }

    /** @return the tensor's key */
    public String name() {
        return name;
    }

    /** @return the stored element type */
    public TensorDType dtype() {
        return dtype;
    }

    /** @return a copy of the dimensions */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions */
    public int rank() {
        return shape.length;
    }

    /** @return the product of the dimensions (1 for a scalar) */
    public long elementCount() {
        return elementCount;
    }

    /** @return the number of bytes the data occupies in the file */
    public long byteSize() {
        return elementCount * dtype.byteSize();
    }

    /**
     * @param other a shape to compare with
     * @return true if the dimensions are equal
     */
    public boolean hasShape(long... other) {
        return Arrays.equals(shape, other);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TensorInfo)) {
            return false;
        }
        TensorInfo t = (TensorInfo) o;
        return name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
