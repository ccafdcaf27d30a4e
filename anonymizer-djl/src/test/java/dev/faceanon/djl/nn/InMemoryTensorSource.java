package dev.faceanon.djl.nn;

import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Float32 tensors held in memory, for tests of model code. */
final class InMemoryTensorSource implements TensorSource {
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
    private final Map<String, float[]> data = new LinkedHashMap<>();

    InMemoryTensorSource put(String name, float[] values, long... shape) {
        TensorInfo info = new TensorInfo(name, TensorDType.F32, shape);
        if (info.elementCount() != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape");
        }
        infos.put(name, info);
        data.put(name, values.clone());
        return this;
    }

    @Override
    public Path path() {
        return Path.of("in-memory.safetensors");
    }

    @Override
    public List<TensorInfo> tensors() {
        return new ArrayList<>(infos.values());
    }

    @Override
    public Optional<TensorInfo> find(String name) {
        return Optional.ofNullable(infos.get(name));
    }

    @Override
    public ByteBuffer raw(String name) {
        float[] v = data.get(name);
        if (v == null) {
            throw new NoSuchElementException(name);
        }
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {}
}
