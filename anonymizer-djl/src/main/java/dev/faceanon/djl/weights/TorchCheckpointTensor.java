package dev.faceanon.djl.weights;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A tensor of a checkpoint: a strided view of a {@link TorchCheckpointStorage}, as
 * {@code torch._utils._rebuild_tensor_v2} describes it. Creation checks that every element the
 * view can address lies inside the storage, so reads never leave the storage's bytes.
 *
 * <p>Contiguous views are served as zero-copy slices; other layouts (transposes, steps, broadcast
 * strides of 0) are gathered into a new buffer in row-major order, which is what the same tensor
 * would hold after {@code .contiguous()}.
 */
final class TorchCheckpointTensor {
    /** Torch itself caps tensors at 64 dimensions; real weights use at most 5. */
    static final int MAX_RANK = 64;
    /** A ByteBuffer, mapped or on the heap, holds at most this many bytes. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private final TorchCheckpointStorage storage;
    private final long offset;
    private final long[] shape;
    private final long[] stride;
    private final long elementCount;
    private final long span;

    private TorchCheckpointTensor(TorchCheckpointStorage storage, long offset, long[] shape, long[] stride,
            long elementCount, long span) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.stride = stride;
        this.elementCount = elementCount;
        this.span = span;
    }

    /**
     * @param storage the viewed storage
     * @param offset the first element, in elements of the storage
     * @param shape the sizes
     * @param stride the strides, in elements
     * @return the validated view
     * @throws IllegalArgumentException naming the problem if the view is negative, too large, or
     *     reaches outside the storage
     */
    static TorchCheckpointTensor of(TorchCheckpointStorage storage, long offset, long[] shape, long[] stride) {
        if (shape.length != stride.length) {
            throw new IllegalArgumentException(
                    "size has " + shape.length + " dimensions but stride has " + stride.length);
        }
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("rank " + shape.length + " exceeds " + MAX_RANK);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative storage offset " + offset);
        }
        long count = 1;
        long last = offset;
        try {
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0 || stride[i] < 0) {
                    throw new IllegalArgumentException("negative size or stride: size " + Arrays.toString(shape)
                            + ", stride " + Arrays.toString(stride));
                }
                count = Math.multiplyExact(count, shape[i]);
            }
            if (count > 0) {
                for (int i = 0; i < shape.length; i++) {
                    last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
                }
            }
            if (Math.multiplyExact(count, (long) storage.dtype().byteSize()) > MAX_BYTES) {
                throw new IllegalArgumentException("tensor of " + count + " elements is over 2 GiB");
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size " + Arrays.toString(shape) + " with stride "
                    + Arrays.toString(stride) + " overflows", e);
        }
        long span = count == 0 ? 0 : last - offset + 1;
        if (count > 0 && last >= storage.numel()) {
            throw new IllegalArgumentException("view at offset " + offset + " with size " + Arrays.toString(shape)
                    + " and stride " + Arrays.toString(stride) + " reaches element " + last + " of " + storage);
        }
        if (span * storage.dtype().byteSize() > MAX_BYTES) {
            throw new IllegalArgumentException("strided view spans more than 2 GiB of " + storage);
        }
        return new TorchCheckpointTensor(storage, offset, shape.clone(), stride.clone(), count, span);
    }

    TorchCheckpointStorage storage() {
        return storage;
    }

    TensorDType dtype() {
        return storage.dtype();
    }

    long[] shape() {
        return shape.clone();
    }

    long elementCount() {
        return elementCount;
    }

    /** @return the byte offset of the first element within the storage (0 for empty tensors) */
    long byteOffset() {
        return elementCount == 0 ? 0 : offset * storage.dtype().byteSize();
    }

    /** @return the bytes from the first to the last addressed element, inclusive */
    long spanBytes() {
        return span * storage.dtype().byteSize();
    }

    /**
     * @return true if the elements lie in row-major order without gaps (strides of size-1
     *     dimensions do not matter, as in torch's own definition)
     */
    boolean contiguous() {
        if (elementCount == 0) {
            return true;
        }
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1) {
                if (stride[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
        }
        return true;
    }

    /**
     * Copies a non-contiguous view into row-major order.
     *
     * @param spanBytes the storage bytes from the first addressed element, at least
     *     {@link #spanBytes()} long
     * @return a new buffer of {@code elementCount * elementSize} bytes, positioned at 0
     */
    ByteBuffer gather(ByteBuffer spanBytes) {
        int es = storage.dtype().byteSize();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(elementCount * es));
        int rank = shape.length;
        long[] index = new long[rank];
        long position = 0;
        for (long n = 0; n < elementCount; n++) {
            int from = Math.toIntExact(position * es);
            for (int b = 0; b < es; b++) {
                out.put(spanBytes.get(from + b));
            }
            // Odometer: advance the last dimension, carrying into earlier ones.
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                position += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                position -= index[d] * stride[d];
                index[d] = 0;
            }
        }
        return out.flip();
    }
}
