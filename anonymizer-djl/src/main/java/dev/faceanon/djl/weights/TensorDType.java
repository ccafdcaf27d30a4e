package dev.faceanon.djl.weights;

import ai.djl.ndarray.types.DataType;
import java.util.Optional;

/**
 * Element types that weight files store, with their size and the engine type they are loaded as.
 *
 * <p>{@link #BF16} has no engine type on purpose: DJL's PyTorch JNI has no bfloat16 case and
 * aborts the JVM when asked for one, so bf16 data is widened to float32 in Java before it reaches
 * the engine (bf16 is the upper half of a float32, so the widening is exact). {@link #I16} has none
 * for the same reason: the JNI has no int16 case either (creating an INT16 array aborts the JVM
 * with "terminate called without an active exception"), so int16 data is widened to int32.
 */
public enum TensorDType {
    /** IEEE binary64. */
    F64("F64", 8, DataType.FLOAT64),
    /** IEEE binary32. */
    F32("F32", 4, DataType.FLOAT32),
    /** IEEE binary16. */
    F16("F16", 2, DataType.FLOAT16),
    /** bfloat16; converted in Java, see the class comment. */
    BF16("BF16", 2, null),
    /** Signed 64-bit integer. */
    I64("I64", 8, DataType.INT64),
    /** Signed 32-bit integer. */
    I32("I32", 4, DataType.INT32),
    /** Signed 16-bit integer; widened to INT32 in Java, see the class comment. */
    I16("I16", 2, null),
    /** Signed 8-bit integer. */
    I8("I8", 1, DataType.INT8),
    /** Unsigned 8-bit integer (images in the goldens). */
    U8("U8", 1, DataType.UINT8),
    /** Boolean stored as one byte. */
    BOOL("BOOL", 1, DataType.BOOLEAN);

    private final String safetensorsName;
    private final int byteSize;
    private final DataType engineType;

    TensorDType(String safetensorsName, int byteSize, DataType engineType) {
        this.safetensorsName = safetensorsName;
        this.byteSize = byteSize;
        this.engineType = engineType;
    }

    /** @return the dtype string used in safetensors headers, e.g. {@code "F32"} */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** @return bytes per element */
    public int byteSize() {
        return byteSize;
    }

    /** @return true for F64, F32, F16 and BF16 */
    public boolean isFloatingPoint() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /**
     * @return the DJL type the data can be handed to the engine as without conversion in Java;
     *     empty for {@link #BF16} and {@link #I16}
     */
    public Optional<DataType> engineType() {
        return Optional.ofNullable(engineType);
    }

    /**
     * @param name a safetensors dtype string
     * @return the matching type, or empty if this library does not read it
     */
    public static Optional<TensorDType> fromSafetensorsName(String name) {
        for (TensorDType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
