package dev.faceanon.djl.testing;

import dev.faceanon.djl.weights.ListedTensorSource;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A view of a checkpoint with tensors removed, renamed or described with another shape, standing
 * in for checkpoints that are incomplete, saved under other key spellings, or broken. Each edit
 * returns a new view; none closes the base source, which belongs to the caller.
 */
public final class EditedTensorSource extends ListedTensorSource {
    private final TensorSource base;
    private final Map<String, String> storedAs;

    /** @param base the checkpoint to edit */
    public EditedTensorSource(TensorSource base) {
        this(base, base.tensors(), identity(base.tensors()));
    }

    private EditedTensorSource(TensorSource base, List<TensorInfo> tensors, Map<String, String> storedAs) {
        super(base.path(), tensors);
        this.base = base;
        this.storedAs = storedAs;
    }

    private static Map<String, String> identity(List<TensorInfo> tensors) {
        Map<String, String> out = new HashMap<>();
        tensors.forEach(t -> out.put(t.name(), t.name()));
        return out;
    }

    /**
     * @param names which keys to drop
     * @return this view without them
     */
    public EditedTensorSource remove(Predicate<String> names) {
        return renameAll(name -> names.test(name) ? null : name);
    }

    /**
     * @param from an existing key
     * @param to its new key
     * @return this view with the tensor under the new key, in the same place
     * @throws NoSuchElementException if {@code from} is absent
     */
    public EditedTensorSource rename(String from, String to) {
        info(from);
        return renameAll(name -> name.equals(from) ? to : name);
    }

    /**
     * @param rename the new key of every key, or null to drop it
     * @return this view with every key renamed
     */
    public EditedTensorSource renameAll(UnaryOperator<String> rename) {
        List<TensorInfo> tensors = new ArrayList<>();
        Map<String, String> stored = new HashMap<>();
        for (TensorInfo t : tensors()) {
            String name = rename.apply(t.name());
            if (name != null) {
                tensors.add(new TensorInfo(name, t.dtype(), t.shape()));
                stored.put(name, storedAs.get(t.name()));
            }
        }
        return new EditedTensorSource(base, tensors, stored);
    }

    /**
     * @param name an existing key
     * @param shape the shape to describe it with (its data is unchanged)
     * @return this view with the tensor re-described
     * @throws NoSuchElementException if {@code name} is absent
     */
    public EditedTensorSource reshape(String name, long... shape) {
        info(name);
        List<TensorInfo> tensors = new ArrayList<>();
        for (TensorInfo t : tensors()) {
            tensors.add(t.name().equals(name) ? new TensorInfo(name, t.dtype(), shape) : t);
        }
        return new EditedTensorSource(base, tensors, storedAs);
    }

    @Override
    public ByteBuffer raw(String name) {
        info(name);
        return base.raw(storedAs.get(name));
    }
}
