package dev.faceanon.djl.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.text.UntrustedText;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A set of named tensors read from weight files (a safetensors file, a sharded safetensors
 * checkpoint, a PyTorch state dict), whose data is materialised one tensor at a time.
 *
 * <p>Implementations validate the whole file layout when they are opened, so that later reads
 * cannot run out of the file; they are safe for concurrent reads once open.
 */
public interface TensorSource extends AutoCloseable {

    /** @return the file (or index file) this source was opened from */
    Path path();

    /** @return every tensor, in file order */
    List<TensorInfo> tensors();

    /**
     * @param name a tensor key
     * @return its description, or empty if the source has no such tensor
     */
    Optional<TensorInfo> find(String name);

    /**
     * @param name a tensor key
     * @return its description
     * @throws NoSuchElementException naming the key and the file if there is no such tensor
     */
    default TensorInfo info(String name) {
        return find(name)
                .orElseThrow(() -> new NoSuchElementException("no tensor " + UntrustedText.quote(name) + " in "
                        + path()));
    }

    /**
     * Returns the stored bytes of one tensor, little-endian, as a read-only buffer positioned at 0
     * whose remaining length is exactly {@link TensorInfo#byteSize()}.
     *
     * @param name a tensor key
     * @return the raw data
     * @throws NoSuchElementException if there is no such tensor
     */
    ByteBuffer raw(String name);

    /**
     * Materialises one tensor on the manager's device, converted to {@code dtype}. The result is
     * owned by the engine (a copy of the file data) and attached to {@code manager}.
     *
     * @param name a tensor key
     * @param manager the manager that will own the array; its device is used
     * @param dtype the element type wanted, e.g. FLOAT16 on a GPU; never BFLOAT16
     * @return the tensor
     * @throws NoSuchElementException if there is no such tensor
     * @throws IllegalArgumentException if the conversion is not supported
     */
    default NDArray load(String name, NDManager manager, DataType dtype) {
        return TensorDecoder.toNDArray(raw(name), info(name), manager, dtype);
    }

    /**
     * Materialises one tensor in its stored type (bf16 is widened to float32).
     *
     * @param name a tensor key
     * @param manager the manager that will own the array; its device is used
     * @return the tensor
     */
    default NDArray load(String name, NDManager manager) {
        return load(name, manager, TensorDecoder.defaultEngineType(info(name).dtype()));
    }

    /** Releases the file handles and mappings. Arrays already loaded stay valid. */
    @Override
    void close();
}
