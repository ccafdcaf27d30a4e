package dev.faceanon.djl.unet;

import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;

/** A checkpoint with tensors removed, renamed or described with another shape, for loader tests. */
final class EditedTensorSource implements TensorSource {
    private final TensorSource base;
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
    private final Map<String, String> storedAs = new HashMap<>();

    EditedTensorSource(TensorSource base) {
        this.base = base;
        for (TensorInfo t : base.tensors()) {
            infos.put(t.name(), t);
            storedAs.put(t.name(), t.name());
        }
    }

    EditedTensorSource remove(Predicate<String> names) {
        infos.keySet().removeIf(names);
        return this;
    }

    EditedTensorSource rename(String from, String to) {
        TensorInfo t = require(from);
        infos.remove(from);
        infos.put(to, new TensorInfo(to, t.dtype(), t.shape()));
        storedAs.put(to, storedAs.get(from));
        return this;
    }

    EditedTensorSource reshape(String name, long... shape) {
        TensorInfo t = require(name);
        infos.put(name, new TensorInfo(name, t.dtype(), shape));
        return this;
    }

    private TensorInfo require(String name) {
        TensorInfo t = infos.get(name);
        if (t == null) {
            throw new NoSuchElementException(name);
        }
        return t;
    }

    @Override
    public Path path() {
        return base.path();
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
        require(name);
        return base.raw(storedAs.get(name));
    }

    @Override
    public void close() {
        // The base source belongs to the caller.
    }
}
