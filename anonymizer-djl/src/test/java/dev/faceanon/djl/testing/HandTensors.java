package dev.faceanon.djl.testing;

import dev.faceanon.djl.weights.ListedTensorSource;
import dev.faceanon.djl.weights.SafetensorsFile;
import dev.faceanon.djl.weights.SafetensorsWriter;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hand-written tensors for tests of model code, served from memory ({@link #source()}) or stored
 * as a real safetensors file ({@link #write(Path)}) when the test should go through the reader.
 */
public final class HandTensors {
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
    private final Map<String, byte[]> data = new LinkedHashMap<>();

    /**
     * Adds a float32 tensor.
     *
     * @param name the key
     * @param values the values, row-major
     * @param shape the dimensions; their product must equal the number of values
     * @return this
     */
    public HandTensors put(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return put(new TensorInfo(name, TensorDType.F32, shape), b.array());
    }

    /**
     * Adds an int64 tensor.
     *
     * @param name the key
     * @param values the values, row-major
     * @param shape the dimensions; their product must equal the number of values
     * @return this
     */
    public HandTensors putLongs(String name, long[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return put(new TensorInfo(name, TensorDType.I64, shape), b.array());
    }

    /**
     * Adds a Linear's identity {@code weight [n, n]} and zero {@code bias [n]}.
     *
     * @param prefix the layer's key, e.g. {@code self_attn.k_proj}
     * @param n the width
     * @return this
     */
    public HandTensors identityLinear(String prefix, int n) {
        float[] eye = new float[n * n];
        for (int i = 0; i < n; i++) {
            eye[i * n + i] = 1;
        }
        return put(prefix + ".weight", eye, n, n).put(prefix + ".bias", new float[n], n);
    }

    private HandTensors put(TensorInfo info, byte[] bytes) {
        if (info.byteSize() != bytes.length) {
            throw new IllegalArgumentException(info.name() + ": " + bytes.length + " bytes for " + info);
        }
        if (infos.put(info.name(), info) != null) {
            throw new IllegalArgumentException(info.name() + " added twice");
        }
        data.put(info.name(), bytes);
        return this;
    }

    /** @return the tensors so far, in the order added, as a source that needs no closing */
    public TensorSource source() {
        Map<String, byte[]> snapshot = new LinkedHashMap<>(data);
        return new ListedTensorSource(Path.of("in-memory.safetensors"), new ArrayList<>(infos.values())) {
            @Override
            public ByteBuffer raw(String name) {
                info(name);
                return ByteBuffer.wrap(snapshot.get(name)).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
        };
    }

    /**
     * Stores the tensors so far as {@code hand.safetensors} in {@code dir} and opens it.
     *
     * @param dir a writable directory
     * @return the open file; close it when done
     * @throws IOException if the file cannot be written or read
     */
    public SafetensorsFile write(Path dir) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        infos.values().forEach(t -> writer.add(t.name(), t.dtype(), t.shape(), data.get(t.name())));
        Path file = dir.resolve("hand.safetensors");
        writer.write(file);
        return SafetensorsFile.open(file);
    }
}
