package dev.faceanon.djl.weights;

import dev.faceanon.djl.weights.SafetensorsHeader.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a safetensors file laid out as the reference writer (the {@code safetensors} library)
 * lays it out; see {@link SafetensorsLayout} for the layout, which a caller that does not hold the
 * data can compute on its own.
 *
 * <p>Collect tensors with {@link #add}, then call {@link #write(Path)} or {@link #toByteArray()}.
 * Data is not copied when added: arrays and buffers must not change until written. Not thread
 * safe.
 */
public final class SafetensorsWriter {

    private final List<TensorInfo> tensors = new ArrayList<>();
    private final Map<String, ByteBuffer> data = new HashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Creates a writer with no tensors and no metadata. */
    public SafetensorsWriter() {}

    /**
     * Adds a tensor.
     *
     * @param name the key; unique, not {@code __metadata__}
     * @param dtype the element type
     * @param shape the dimensions (empty for a scalar)
     * @param data exactly the tensor's bytes, little-endian, row-major
     * @return this writer
     * @throws IllegalArgumentException if the name is taken or reserved, the shape is invalid, or
     *     the data length does not match dtype and shape
     */
    public SafetensorsWriter add(String name, TensorDType dtype, long[] shape, byte[] data) {
        return add(name, dtype, shape, ByteBuffer.wrap(data));
    }

    /**
     * Adds a tensor.
     *
     * @param name the key; unique, not {@code __metadata__}
     * @param dtype the element type
     * @param shape the dimensions (empty for a scalar)
     * @param data the tensor's bytes from position to limit, little-endian, row-major; the
     *     buffer's position is not changed
     * @return this writer
     * @throws IllegalArgumentException if the name is taken or reserved, the shape is invalid, or
     *     the data length does not match dtype and shape
     */
    public SafetensorsWriter add(String name, TensorDType dtype, long[] shape, ByteBuffer data) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        SafetensorsLayout.checkName(name, this.data.keySet());
        TensorInfo info = new TensorInfo(name, dtype, shape);
        if (data.remaining() != info.byteSize()) {
            throw new IllegalArgumentException("tensor " + info + " needs " + info.byteSize() + " bytes, "
                    + data.remaining() + " given");
        }
        tensors.add(info);
        this.data.put(name, data.slice());
        return this;
    }

    /**
     * Adds a free-form {@code __metadata__} entry (written in key order).
     *
     * @param key the key
     * @param value the value
     * @return this writer
     */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * @return the whole file's bytes
     * @throws IllegalArgumentException if the file would break a limit of {@link SafetensorsLayout#of}
     * @throws IllegalStateException if the file would exceed the largest Java array
     */
    public byte[] toByteArray() {
        SafetensorsLayout layout = SafetensorsLayout.of(tensors, metadata);
        if (layout.fileSize() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the file would be " + layout.fileSize()
                    + " bytes, too large for an array");
        }
        ByteBuffer out = ByteBuffer.allocate((int) layout.fileSize());
        out.put(layout.prefixAndHeaderView());
        for (Entry e : layout.entries()) {
            out.put(data.get(e.info().name()).duplicate());
        }
        return out.array();
    }

    /**
     * Writes the file, replacing any existing file.
     *
     * @param file where to write
     * @throws IllegalArgumentException if the file would break a limit of {@link SafetensorsLayout#of}
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        SafetensorsLayout layout = SafetensorsLayout.of(tensors, metadata);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, layout.prefixAndHeaderView());
            for (Entry e : layout.entries()) {
                writeFully(out, data.get(e.info().name()).duplicate());
            }
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            out.write(data);
        }
    }
}
