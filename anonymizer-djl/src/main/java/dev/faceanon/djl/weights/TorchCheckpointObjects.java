package dev.faceanon.djl.weights;

import dev.faceanon.model.WeightFormatException;
import dev.faceanon.text.UntrustedText;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The meaning of the allowed globals in a checkpoint pickle: builds tensors, parameters and
 * ordered dicts from validated arguments, and resolves storage persistent ids. Nothing is ever
 * called; each callable is re-implemented here for the argument shapes {@code torch.save}
 * writes, and any other shape is rejected.
 *
 * <ul>
 *   <li>{@code collections.OrderedDict()} and the Python 2 form {@code OrderedDict([[k, v], ...])}
 *   <li>{@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad,
 *       backward_hooks[, metadata])}, hooks and metadata empty
 *   <li>{@code torch._utils._rebuild_tensor(storage, offset, size, stride)} (torch 0.4)
 *   <li>{@code torch._utils._rebuild_parameter(tensor, requires_grad, hooks)} and
 *       {@code _rebuild_parameter_with_state(..., state)}: the tensor itself
 *   <li>BUILD on a dict: attribute state such as a state dict's {@code _metadata}, ignored
 *   <li>persistent ids {@code ('storage', StorageClass, key, location, numel)} in the zip format,
 *       with a trailing {@code view_metadata} that must be None in the legacy format
 *   <li>in a TorchScript archive only: {@code torch.jit._pickle.restore_type_tag(value, type)} (the
 *       value) and {@code build_intlist}, {@code build_doublelist}, {@code build_boollist},
 *       {@code build_tensorlist} (the list, its elements checked); and {@code __torch__.*} classes,
 *       instantiated by NEWOBJ with no
 *       arguments as inert {@link TorchScriptObject}s and given their attribute dict by BUILD. A
 *       class that pickles another state has a {@code __setstate__} of its own, that is code the
 *       archive wants run; such an archive is rejected.
 * </ul>
 */
final class TorchCheckpointObjects implements PickleObjectFactory {

    /** Which persistent ids the pickle being read may contain. */
    enum PersistentIds {
        /** An auxiliary pickle (magic number, storage key list): none. */
        NONE,
        /** {@code data.pkl} of the zip format: 5-tuples. */
        ZIP,
        /** The main pickle of the legacy format: 6-tuples. */
        LEGACY
    }

    // torch writes str(int); restricting keys keeps them from spelling paths or record names.
    private static final Pattern STORAGE_KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int MAX_LOCATION = 64;

    private final Path file;
    private final String label;
    private final PersistentIds persistentIds;
    private final boolean scriptObjects;
    private final long maxStorageBytes;
    private final Map<String, TorchCheckpointStorage> storages = new LinkedHashMap<>();

    /**
     * @param file the checkpoint, for messages
     * @param label which pickle is read, for messages
     * @param persistentIds the persistent id form allowed
     * @param maxStorageBytes an upper bound for one storage (the file length)
     */
    TorchCheckpointObjects(Path file, String label, PersistentIds persistentIds, long maxStorageBytes) {
        this(file, label, persistentIds, false, maxStorageBytes);
    }

    /**
     * @param file the archive, for messages
     * @param label which pickle is read, for messages
     * @param persistentIds the persistent id form allowed
     * @param scriptObjects whether TorchScript module objects may appear ({@code data.pkl} of a
     *     {@code torch.jit.save} archive)
     * @param maxStorageBytes an upper bound for one storage (the file length)
     */
    TorchCheckpointObjects(Path file, String label, PersistentIds persistentIds, boolean scriptObjects,
            long maxStorageBytes) {
        this.file = file;
        this.label = label;
        this.persistentIds = persistentIds;
        this.scriptObjects = scriptObjects;
        this.maxStorageBytes = maxStorageBytes;
    }

    /** @return the storages referenced so far, by key, in order of first reference */
    Map<String, TorchCheckpointStorage> storages() {
        return Collections.unmodifiableMap(storages);
    }

    @Override
    public Object call(PickleGlobal callable, PickleTuple args) {
        switch (callable) {
            case ORDERED_DICT:
                return orderedDict(args);
            case REBUILD_TENSOR_V2:
                arity(callable, args, 6, 7);
                requireBool(callable, args.get(4), "requires_grad");
                requireEmptyDict(callable, args.get(5), "backward_hooks");
                if (args.size() == 7) {
                    // Conjugate/negative bits and the like; a state dict tensor has none.
                    requireEmptyDict(callable, args.get(6), "metadata");
                }
                return tensor(callable, args);
            case REBUILD_TENSOR:
                arity(callable, args, 4, 4);
                return tensor(callable, args);
            case REBUILD_PARAMETER:
            case REBUILD_PARAMETER_WITH_STATE:
                int n = callable == PickleGlobal.REBUILD_PARAMETER ? 3 : 4;
                arity(callable, args, n, n);
                if (!(args.get(0) instanceof TorchCheckpointTensor)) {
                    throw reject(callable + " wraps a " + PickleMachine.typeName(args.get(0)) + ", not a tensor");
                }
                requireBool(callable, args.get(1), "requires_grad");
                requireEmptyDict(callable, args.get(2), "backward_hooks");
                if (n == 4 && !(args.get(3) instanceof Map)) {
                    throw reject(callable + " state is a " + PickleMachine.typeName(args.get(3)) + ", not a dict");
                }
                return args.get(0);
            case RESTORE_TYPE_TAG:
                requireTorchScript(callable);
                arity(callable, args, 2, 2);
                if (!(args.get(1) instanceof String)) {
                    throw reject(callable + " type is a " + PickleMachine.typeName(args.get(1)) + ", not a str");
                }
                // The tag names the container's static type; the value is the container itself.
                return args.get(0);
            case BUILD_INTLIST:
                return typedList(callable, args, Long.class);
            case BUILD_DOUBLELIST:
                return typedList(callable, args, Double.class);
            case BUILD_BOOLLIST:
                return typedList(callable, args, Boolean.class);
            case BUILD_TENSORLIST:
                return typedList(callable, args, TorchCheckpointTensor.class);
            default:
                throw reject(callable + " cannot be called: storage types only appear in persistent ids"
                        + " and dtypes are plain values");
        }
    }

    @Override
    public Object scriptClass(String module, String name) {
        if (scriptObjects && TorchScriptObject.isScriptClass(module, name)) {
            return new TorchScriptObject.ScriptClass(module + "." + name);
        }
        return null;
    }

    @Override
    public Object newObject(Object cls, PickleTuple args) {
        if (!(cls instanceof TorchScriptObject.ScriptClass)) {
            return null;
        }
        if (args.size() != 0) {
            throw reject("NEWOBJ of " + cls + " with " + args.size() + " arguments; TorchScript objects take none");
        }
        return new TorchScriptObject((TorchScriptObject.ScriptClass) cls);
    }

    @Override
    public void build(Object target, Object state) {
        if (target instanceof TorchScriptObject) {
            buildScriptObject((TorchScriptObject) target, state);
            return;
        }
        // A state dict's OrderedDict carries `_metadata` (module versions) as an attribute.
        if (target instanceof LinkedHashMap && (state instanceof Map || state instanceof PickleNone)) {
            return;
        }
        throw reject("BUILD on a " + PickleMachine.typeName(target) + " with a "
                + PickleMachine.typeName(state) + " state is not supported");
    }

    private void buildScriptObject(TorchScriptObject target, Object state) {
        if (!(state instanceof Map)) {
            throw reject(target.type() + " restores its state (a " + PickleMachine.typeName(state) + ") with a"
                    + " __setstate__ method of its own, that is code of the archive; this reader never runs"
                    + " archive code, so only plain modules, whose state is their attribute dict, can be read");
        }
        if (target.built()) {
            throw reject("BUILD on " + target.type() + " twice");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) state).entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw reject(target.type() + " has an attribute named by a " + PickleMachine.typeName(e.getKey()));
            }
            attributes.put((String) e.getKey(), e.getValue());
        }
        target.attributes(attributes);
    }

    @Override
    public Object persistentLoad(Object pid) {
        if (persistentIds == PersistentIds.NONE) {
            throw reject("persistent id in a pickle that cannot reference storage");
        }
        if (!(pid instanceof PickleTuple) || ((PickleTuple) pid).size() == 0) {
            throw reject("persistent id is a " + PickleMachine.typeName(pid) + ", not a non-empty tuple");
        }
        PickleTuple id = (PickleTuple) pid;
        if ("module".equals(id.get(0))) {
            throw reject("the checkpoint pickles a whole nn.Module class, not a state dict; only state dicts"
                    + " can be read (save model.state_dict() instead)");
        }
        if (!"storage".equals(id.get(0))) {
            throw reject("persistent id of unknown kind " + PickleMachine.typeName(id.get(0)));
        }
        int expected = persistentIds == PersistentIds.ZIP ? 5 : 6;
        if (id.size() != expected) {
            throw reject("storage persistent id has " + id.size() + " fields, " + expected + " expected");
        }
        if (!(id.get(1) instanceof PickleGlobal) || ((PickleGlobal) id.get(1)).kind() != PickleGlobal.Kind.STORAGE) {
            throw reject("storage type is a " + PickleMachine.typeName(id.get(1)) + ", not a storage class");
        }
        TensorDType dtype = ((PickleGlobal) id.get(1)).dtype();
        Object key = id.get(2);
        if (!(key instanceof String) || !STORAGE_KEY.matcher((String) key).matches()) {
            throw reject("storage key must be 1 to 64 letters, digits or '_'");
        }
        Object location = id.get(3);
        if (!(location instanceof String) || ((String) location).length() > MAX_LOCATION) {
            throw reject("storage location must be a short string such as 'cpu'");
        }
        long numel = nonNegative(id.get(4), "storage numel");
        if (id.size() == 6 && id.get(5) != PickleNone.NONE) {
            throw reject("storage views (view_metadata, written by torch before 1.0) are not supported");
        }
        if (numel > maxStorageBytes / dtype.byteSize()) {
            throw reject("storage " + UntrustedText.quote(String.valueOf(key)) + " of " + numel
                    + " elements is larger than the file");
        }
        TorchCheckpointStorage known = storages.get(key);
        if (known == null) {
            known = new TorchCheckpointStorage((String) key, dtype, numel);
            storages.put((String) key, known);
        } else if (known.dtype() != dtype || known.numel() != numel) {
            throw reject("storage " + UntrustedText.quote(String.valueOf(key)) + " is referenced as " + dtype + "["
                    + numel + "] and as " + known);
        }
        return known;
    }

    private void requireTorchScript(PickleGlobal callable) {
        if (!scriptObjects) {
            throw reject("global " + callable + " is not allowed: it only appears in TorchScript archives, and"
                    + " this is read as a torch.save checkpoint");
        }
    }

    private List<Object> typedList(PickleGlobal callable, PickleTuple args, Class<?> element) {
        requireTorchScript(callable);
        arity(callable, args, 1, 1);
        List<Object> items = sequence(args.get(0), callable + " argument");
        for (Object item : items) {
            if (!element.isInstance(item)) {
                throw reject(callable + " holds a " + PickleMachine.typeName(item));
            }
        }
        return items;
    }

    private Map<Object, Object> orderedDict(PickleTuple args) {
        Map<Object, Object> dict = new LinkedHashMap<>();
        if (args.size() == 0) {
            return dict;
        }
        if (args.size() != 1) {
            throw reject("collections.OrderedDict with " + args.size() + " arguments");
        }
        // Python 2 pickles an OrderedDict as OrderedDict([[key, value], ...]).
        for (Object pair : sequence(args.get(0), "OrderedDict items")) {
            List<Object> kv = sequence(pair, "OrderedDict item");
            if (kv.size() != 2) {
                throw reject("OrderedDict item has " + kv.size() + " elements, not 2");
            }
            if (!PickleMachine.isScalarKey(kv.get(0))) {
                throw reject("dict key of type " + PickleMachine.typeName(kv.get(0)) + " is not supported");
            }
            dict.put(kv.get(0), kv.get(1));
        }
        return dict;
    }

    private TorchCheckpointTensor tensor(PickleGlobal callable, PickleTuple args) {
        if (!(args.get(0) instanceof TorchCheckpointStorage)) {
            throw reject(callable + " storage argument is a " + PickleMachine.typeName(args.get(0))
                    + ", not a storage reference");
        }
        TorchCheckpointStorage storage = (TorchCheckpointStorage) args.get(0);
        long offset = nonNegative(args.get(1), "storage_offset");
        long[] size = dims(args.get(2), "size");
        long[] stride = dims(args.get(3), "stride");
        try {
            return TorchCheckpointTensor.of(storage, offset, size, stride);
        } catch (IllegalArgumentException e) {
            throw reject("invalid tensor: " + e.getMessage());
        }
    }

    private long[] dims(Object v, String what) {
        if (!(v instanceof PickleTuple)) {
            throw reject(what + " is a " + PickleMachine.typeName(v) + ", not a tuple");
        }
        PickleTuple t = (PickleTuple) v;
        if (t.size() > TorchCheckpointTensor.MAX_RANK) {
            throw reject(what + " has " + t.size() + " dimensions");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = nonNegative(t.get(i), what);
        }
        return out;
    }

    private long nonNegative(Object v, String what) {
        if (!(v instanceof Long) || (Long) v < 0) {
            String got = v instanceof BigInteger ? "an integer beyond 64 bits" : v instanceof Long ? "negative"
                    : "a " + PickleMachine.typeName(v);
            throw reject(what + " must be a non-negative integer, got " + got);
        }
        return (Long) v;
    }

    private List<Object> sequence(Object v, String what) {
        if (v instanceof PickleTuple) {
            return ((PickleTuple) v).items();
        }
        if (v instanceof ArrayList) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) v;
            return list;
        }
        throw reject(what + " is a " + PickleMachine.typeName(v) + ", not a list or tuple");
    }

    private void arity(PickleGlobal callable, PickleTuple args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw reject(callable + " called with " + args.size() + " arguments, "
                    + (min == max ? String.valueOf(min) : min + " or " + max) + " expected");
        }
    }

    private void requireBool(PickleGlobal callable, Object v, String what) {
        if (!(v instanceof Boolean)) {
            throw reject(callable + " " + what + " is a " + PickleMachine.typeName(v) + ", not a bool");
        }
    }

    private void requireEmptyDict(PickleGlobal callable, Object v, String what) {
        if (!(v instanceof Map) || !((Map<?, ?>) v).isEmpty()) {
            throw reject(callable + " " + what + " must be an empty dict, got "
                    + (v instanceof Map ? "one with entries" : "a " + PickleMachine.typeName(v)));
        }
    }

    private WeightFormatException reject(String message) {
        return new WeightFormatException(file, label + ": " + message);
    }
}
