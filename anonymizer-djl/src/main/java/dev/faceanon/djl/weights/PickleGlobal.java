package dev.faceanon.djl.weights;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The only Python globals a checkpoint may name: what {@code torch.save} writes for a state dict,
 * and the container tags of {@code torch.jit.save}.
 * A global is never imported or called; it is a tag that {@link TorchCheckpointObjects} interprets
 * with validated arguments. Storage classes carry their element type; dtype objects are inert
 * values.
 */
enum PickleGlobal {
    ORDERED_DICT("collections", "OrderedDict", Kind.CALLABLE, null),
    REBUILD_TENSOR("torch._utils", "_rebuild_tensor", Kind.CALLABLE, null),
    REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2", Kind.CALLABLE, null),
    REBUILD_PARAMETER("torch._utils", "_rebuild_parameter", Kind.CALLABLE, null),
    REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state", Kind.CALLABLE, null),
    // TorchScript archives tag typed containers; only TorchCheckpointObjects' TorchScript mode accepts them.
    RESTORE_TYPE_TAG("torch.jit._pickle", "restore_type_tag", Kind.CALLABLE, null),
    BUILD_INTLIST("torch.jit._pickle", "build_intlist", Kind.CALLABLE, null),
    BUILD_DOUBLELIST("torch.jit._pickle", "build_doublelist", Kind.CALLABLE, null),
    BUILD_BOOLLIST("torch.jit._pickle", "build_boollist", Kind.CALLABLE, null),
    BUILD_TENSORLIST("torch.jit._pickle", "build_tensorlist", Kind.CALLABLE, null),

    DOUBLE_STORAGE("torch", "DoubleStorage", Kind.STORAGE, TensorDType.F64),
    FLOAT_STORAGE("torch", "FloatStorage", Kind.STORAGE, TensorDType.F32),
    HALF_STORAGE("torch", "HalfStorage", Kind.STORAGE, TensorDType.F16),
    BFLOAT16_STORAGE("torch", "BFloat16Storage", Kind.STORAGE, TensorDType.BF16),
    LONG_STORAGE("torch", "LongStorage", Kind.STORAGE, TensorDType.I64),
    INT_STORAGE("torch", "IntStorage", Kind.STORAGE, TensorDType.I32),
    SHORT_STORAGE("torch", "ShortStorage", Kind.STORAGE, TensorDType.I16),
    CHAR_STORAGE("torch", "CharStorage", Kind.STORAGE, TensorDType.I8),
    BYTE_STORAGE("torch", "ByteStorage", Kind.STORAGE, TensorDType.U8),
    BOOL_STORAGE("torch", "BoolStorage", Kind.STORAGE, TensorDType.BOOL),
    // torch >= 1.13 names a bare untyped storage by its defining module; it holds bytes.
    UNTYPED_STORAGE("torch.storage", "UntypedStorage", Kind.STORAGE, TensorDType.U8),

    DTYPE_FLOAT64("torch", "float64", Kind.DTYPE, TensorDType.F64),
    DTYPE_FLOAT32("torch", "float32", Kind.DTYPE, TensorDType.F32),
    DTYPE_FLOAT16("torch", "float16", Kind.DTYPE, TensorDType.F16),
    DTYPE_BFLOAT16("torch", "bfloat16", Kind.DTYPE, TensorDType.BF16),
    DTYPE_INT64("torch", "int64", Kind.DTYPE, TensorDType.I64),
    DTYPE_INT32("torch", "int32", Kind.DTYPE, TensorDType.I32),
    DTYPE_INT16("torch", "int16", Kind.DTYPE, TensorDType.I16),
    DTYPE_INT8("torch", "int8", Kind.DTYPE, TensorDType.I8),
    DTYPE_UINT8("torch", "uint8", Kind.DTYPE, TensorDType.U8),
    DTYPE_BOOL("torch", "bool", Kind.DTYPE, TensorDType.BOOL);

    /** What a global stands for. */
    enum Kind {
        /** A function or class applied by REDUCE. */
        CALLABLE,
        /** A storage class, only meaningful inside a persistent id. */
        STORAGE,
        /** A {@code torch.dtype} value. */
        DTYPE
    }

    private static final Map<String, PickleGlobal> BY_NAME = new HashMap<>();

    static {
        for (PickleGlobal g : values()) {
            BY_NAME.put(g.qualifiedName(), g);
        }
    }

    private final String module;
    private final String name;
    private final Kind kind;
    private final TensorDType dtype;

    PickleGlobal(String module, String name, Kind kind, TensorDType dtype) {
        this.module = module;
        this.name = name;
        this.kind = kind;
        this.dtype = dtype;
    }

    /** @return e.g. {@code torch._utils._rebuild_tensor_v2} */
    String qualifiedName() {
        return module + "." + name;
    }

    Kind kind() {
        return kind;
    }

    /** @return the element type of a storage class or dtype; null for callables */
    TensorDType dtype() {
        return dtype;
    }

    /**
     * @param module the module a pickle names
     * @param name the attribute it names
     * @return the allowed global, or empty if the pair is not on the list
     */
    static Optional<PickleGlobal> find(String module, String name) {
        return Optional.ofNullable(BY_NAME.get(module + "." + name));
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
