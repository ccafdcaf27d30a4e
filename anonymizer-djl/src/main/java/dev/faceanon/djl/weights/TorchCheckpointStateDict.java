package dev.faceanon.djl.weights;

import dev.faceanon.model.WeightFormatException;
import dev.faceanon.text.UntrustedText;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the tensors of an unpickled checkpoint. The top-level object must be a dict (or, in a
 * TorchScript archive, a module object, whose attributes play the dict's part); every tensor
 * reachable through nested dicts, lists and tuples is named by its path of keys and indices
 * joined with dots, in file order. A plain state dict keeps its keys
 * ({@code conv1_1.weight}); a wrapped one is prefixed ({@code state_dict.conv1_1.weight},
 * {@code model.…}). Other values (epochs, learning rates, strings) are skipped.
 *
 * <p>Depth and the number of visited values are bounded: memo references can make a pickle a
 * cyclic or exponentially shared graph.
 */
final class TorchCheckpointStateDict {
    /** Checkpoints nest a few levels (wrapper, optimizer state); cycles hit this bound. */
    static final int MAX_DEPTH = 32;

    private final Path file;
    private final Map<String, TorchCheckpointTensor> tensors = new LinkedHashMap<>();
    private final List<Object> path = new ArrayList<>();
    private int visits;

    private TorchCheckpointStateDict(Path file) {
        this.file = file;
    }

    /**
     * @param file the checkpoint, for messages
     * @param root the unpickled top-level object
     * @return dotted name to tensor, in file order
     * @throws WeightFormatException if the top level is not a dict, two tensors get one name, a key
     *     on a tensor's path cannot be named, or the bounds are exceeded
     */
    static Map<String, TorchCheckpointTensor> tensors(Path file, Object root) {
        if (!(root instanceof Map || root instanceof TorchScriptObject)) {
            throw new WeightFormatException(file, "the checkpoint holds a " + PickleMachine.typeName(root)
                    + ", not a dict of tensors (state dict)");
        }
        TorchCheckpointStateDict walk = new TorchCheckpointStateDict(file);
        walk.visit(root);
        return walk.tensors;
    }

    private void visit(Object value) {
        if (++visits > PickleMachine.MAX_OBJECTS) {
            throw new WeightFormatException(file, "checkpoint object graph has more than " + PickleMachine.MAX_OBJECTS
                    + " references");
        }
        if (value instanceof TorchCheckpointTensor) {
            String name = name();
            if (tensors.put(name, (TorchCheckpointTensor) value) != null) {
                throw new WeightFormatException(file, "two tensors are named " + UntrustedText.quote(name));
            }
            return;
        }
        if (!(value instanceof Map || value instanceof List || value instanceof PickleTuple
                || value instanceof TorchScriptObject)) {
            return;
        }
        if (path.size() >= MAX_DEPTH) {
            throw new WeightFormatException(file, "checkpoint nests containers deeper than " + MAX_DEPTH
                    + " levels (or contains a cycle)");
        }
        if (value instanceof TorchScriptObject) {
            // A module's parameters, buffers and submodules are its attributes, named as in a state dict.
            for (Map.Entry<String, Object> e : ((TorchScriptObject) value).attributes().entrySet()) {
                descend(e.getKey(), e.getValue());
            }
        } else if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                descend(e.getKey(), e.getValue());
            }
        } else {
            List<?> items = value instanceof PickleTuple ? ((PickleTuple) value).items() : (List<?>) value;
            for (int i = 0; i < items.size(); i++) {
                descend((long) i, items.get(i));
            }
        }
    }

    private void descend(Object key, Object value) {
        path.add(key);
        visit(value);
        path.remove(path.size() - 1);
    }

    private String name() {
        StringBuilder b = new StringBuilder();
        for (Object key : path) {
            if (b.length() > 0) {
                b.append('.');
            }
            if (key instanceof String || key instanceof Long || key instanceof BigInteger) {
                b.append(key);
            } else if (key instanceof Boolean) {
                b.append((Boolean) key ? "True" : "False");
            } else {
                throw new WeightFormatException(file, "a tensor is stored under a " + PickleMachine.typeName(key)
                        + " key, which has no name");
            }
        }
        return b.toString();
    }
}
