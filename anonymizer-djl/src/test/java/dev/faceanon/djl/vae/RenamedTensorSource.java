package dev.faceanon.djl.vae;

import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A view of another source whose keys are renamed (or dropped, when the renaming returns null),
 * standing in for checkpoints saved under other key spellings. Does not close the delegate.
 */
final class RenamedTensorSource implements TensorSource {
    private final TensorSource delegate;
    private final Map<String, TensorInfo> byName = new LinkedHashMap<>();
    private final Map<String, String> storedName = new LinkedHashMap<>();

    RenamedTensorSource(TensorSource delegate, UnaryOperator<String> rename) {
        this.delegate = delegate;
        for (TensorInfo t : delegate.tensors()) {
            String name = rename.apply(t.name());
            if (name != null) {
                byName.put(name, new TensorInfo(name, t.dtype(), t.shape()));
                storedName.put(name, t.name());
            }
        }
    }

    @Override
    public Path path() {
        return delegate.path();
    }

    @Override
    public List<TensorInfo> tensors() {
        return new ArrayList<>(byName.values());
    }

    @Override
    public Optional<TensorInfo> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public ByteBuffer raw(String name) {
        String stored = storedName.get(name);
        if (stored == null) {
            throw new NoSuchElementException(name);
        }
        return delegate.raw(stored);
    }

    @Override
    public void close() {
        // The delegate belongs to the caller.
    }
}
