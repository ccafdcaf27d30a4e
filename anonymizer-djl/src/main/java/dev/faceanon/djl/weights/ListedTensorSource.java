package dev.faceanon.djl.weights;

import dev.faceanon.text.UntrustedText;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TensorSource} whose tensor list is fixed when it is built, for sources that do not read
 * a file layout themselves: views of another source (a subset, renamed keys), tensors held in
 * memory, or tensors generated on demand. Subclasses supply only {@link #raw(String)}.
 *
 * <p>{@link #close()} does nothing: such a source holds no file of its own (a view's underlying
 * source belongs to whoever opened it). Subclasses that do hold something override it.
 */
public abstract class ListedTensorSource implements TensorSource {
    private final Path path;
    private final List<TensorInfo> tensors;
    private final Map<String, TensorInfo> byName;

    /**
     * @param path the file this source stands for (its name appears in error messages)
     * @param tensors every tensor, in the order {@link #tensors()} returns them
     * @throws IllegalArgumentException if two tensors share a name
     */
    protected ListedTensorSource(Path path, List<TensorInfo> tensors) {
        this.path = Objects.requireNonNull(path, "path");
        this.tensors = List.copyOf(tensors);
        Map<String, TensorInfo> map = new LinkedHashMap<>();
        for (TensorInfo t : this.tensors) {
            if (map.put(t.name(), t) != null) {
                throw new IllegalArgumentException("tensor " + UntrustedText.quote(t.name())
                        + " listed twice for " + path);
            }
        }
        this.byName = map;
    }

    @Override
    public final Path path() {
        return path;
    }

    @Override
    public final List<TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public final Optional<TensorInfo> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public void close() {
        // Nothing is held; see the class comment.
    }
}
