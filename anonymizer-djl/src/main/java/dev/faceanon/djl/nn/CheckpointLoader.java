package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.model.WeightMismatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds a model from a checkpoint in two passes: first the model is built against a recorder to
 * learn every parameter it needs (no allocation), the checkpoint is compared with that list and
 * every missing, unexpected or mis-shaped key is reported at once; only then is the model built
 * again, loading each tensor by its key, converted to the wanted type on the manager's device.
 */
public final class CheckpointLoader {

    private CheckpointLoader() {}

    /**
     * Lists the parameters a model asks for, without loading or allocating anything.
     *
     * @param build the model's constructor, taking the root {@link Weights}
     * @return the parameters in the order the model asked for them
     * @throws IllegalStateException if the model asks for the same key twice
     */
    public static List<ParameterSpec> expectedParameters(Function<Weights, ?> build) {
        Map<String, ParameterSpec> seen = new LinkedHashMap<>();
        build.apply(new Weights(spec -> {
            if (seen.putIfAbsent(spec.key(), spec) != null) {
                throw new IllegalStateException("model asks twice for parameter " + spec.key());
            }
            return null;
        }, ""));
        return List.copyOf(seen.values());
    }

    /**
     * Checks a checkpoint against a model's parameters and loads the model.
     *
     * @param <M> the model type
     * @param modelName what is being loaded, for messages
     * @param source the checkpoint
     * @param ignored keys of the checkpoint that are knowingly unused (e.g. CLIP's text tower)
     * @param manager owner of the loaded tensors; its device is used
     * @param dtype the floating-point type of the loaded parameters
     * @param build the model's constructor
     * @return the model
     * @throws WeightMismatchException listing every problem if the checkpoint does not match
     */
    public static <M> M load(String modelName, TensorSource source, Predicate<String> ignored, NDManager manager,
            DataType dtype, Function<Weights, M> build) {
        Map<String, String> resolved = resolve(modelName, expectedParameters(build), source, ignored);
        return build.apply(new Weights(spec -> {
            if (spec.unused()) {
                return null;
            }
            String stored = resolved.get(spec.key());
            if (stored == null) {
                // The model asked for something it did not ask for in the recording pass.
                throw new IllegalStateException("parameter " + spec.key() + " was not declared in the first pass");
            }
            return source.load(stored, manager, dtype);
        }, ""));
    }

    /**
     * {@link #load} into a sub-manager of {@code parent} that the model then owns (and frees when
     * it closes), kept out of any {@link NDScope} the caller has open, which would otherwise free
     * the weights when it closes. On failure the sub-manager is closed.
     *
     * @param <M> the model type
     * @param modelName what is being loaded, for messages
     * @param source the checkpoint
     * @param ignored keys of the checkpoint that are knowingly unused
     * @param parent the manager under which the model's manager is created; its device is used
     * @param dtype the floating-point type of the loaded parameters
     * @param build the model's constructor, given its weights and the manager it will own
     * @return the model
     * @throws WeightMismatchException listing every problem if the checkpoint does not match
     */
    public static <M> M loadOwned(String modelName, TensorSource source, Predicate<String> ignored, NDManager parent,
            DataType dtype, BiFunction<Weights, NDManager, M> build) {
        NDManager owned = parent.newSubManager();
        try (NDScope scope = new NDScope()) {
            M model = load(modelName, source, ignored, owned, dtype, w -> build.apply(w, owned));
            for (NDArray a : owned.getManagedArrays()) {
                NDScope.unregister(a);
            }
            return model;
        } catch (RuntimeException | Error e) {
            owned.close();
            throw e;
        }
    }

    /**
     * Compares expectations with a checkpoint's tensors.
     *
     * @param modelName for messages
     * @param expected the parameters the model needs
     * @param source the checkpoint
     * @param ignored checkpoint keys that are knowingly unused
     * @return for each expected key present in the checkpoint, the checkpoint key that holds it
     * @throws WeightMismatchException listing every missing, unexpected and mis-shaped key
     */
    public static Map<String, String> resolve(String modelName, List<ParameterSpec> expected, TensorSource source,
            Predicate<String> ignored) {
        Map<String, TensorInfo> available = new HashMap<>();
        for (TensorInfo t : source.tensors()) {
            available.put(t.name(), t);
        }
        Map<String, String> resolved = new HashMap<>();
        Set<String> used = new HashSet<>();
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (ParameterSpec spec : expected) {
            String found = available.containsKey(spec.key()) ? spec.key() : null;
            for (int i = 0; found == null && i < spec.legacyKeys().size(); i++) {
                if (available.containsKey(spec.legacyKeys().get(i))) {
                    found = spec.legacyKeys().get(i);
                }
            }
            if (found == null) {
                if (!spec.unused()) {
                    missing.add(spec.key());
                }
                continue;
            }
            used.add(found);
            TensorInfo info = available.get(found);
            if (!info.hasShape(spec.shape())) {
                misShaped.add(found + ": expected " + Arrays.toString(spec.shape()) + ", found "
                        + Arrays.toString(info.shape()));
            } else if (!info.dtype().isFloatingPoint()) {
                misShaped.add(found + ": expected floating point, found " + info.dtype());
            }
            resolved.put(spec.key(), found);
        }
        List<String> unexpected = new ArrayList<>();
        for (TensorInfo t : source.tensors()) {
            if (!used.contains(t.name()) && !ignored.test(t.name())) {
                unexpected.add(t.name());
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misShaped.isEmpty()) {
            throw new WeightMismatchException(source.path(), modelName, missing, unexpected, misShaped);
        }
        return resolved;
    }
}
