package dev.faceanon.djl.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.text.UntrustedText;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;

/**
 * Turns the raw little-endian bytes of a stored tensor into an engine-owned {@link NDArray} of the
 * requested type, or into Java arrays.
 *
 * <p>The bytes usually come from a read-only file mapping. Handing such a buffer to the engine
 * would alias the mapping (zero-copy), and an in-place op on the weight would then write to
 * read-only memory and crash the process, while closing the file would leave a dangling tensor.
 * So the mapped view is only ever a short-lived input to one copying conversion.
 */
public final class TensorDecoder {

    private TensorDecoder() {}

    /**
     * @param stored a stored element type
     * @return the engine type it is loaded as by default (BF16 becomes FLOAT32, I16 becomes INT32)
     */
    public static DataType defaultEngineType(TensorDType stored) {
        return stored.engineType().orElse(stored == TensorDType.I16 ? DataType.INT32 : DataType.FLOAT32);
    }

    /**
     * @param raw the tensor's bytes, little-endian, remaining length = {@code info.byteSize()}
     * @param info the tensor's description
     * @param manager the owner of the result; its device is used
     * @param target the element type wanted
     * @return a new array owned by the engine
     * @throws IllegalArgumentException if {@code target} is BFLOAT16 or INT16, or a conversion between a
     *     floating-point and an integer type is asked for, or the buffer length is wrong
     */
    public static NDArray toNDArray(ByteBuffer raw, TensorInfo info, NDManager manager, DataType target) {
        if (target == DataType.BFLOAT16) {
            throw new IllegalArgumentException(
                    "cannot load " + UntrustedText.quote(info.name()) + " as BFLOAT16: the PyTorch engine of DJL aborts"
                            + " the JVM on bfloat16; load it as FLOAT16 or FLOAT32");
        }
        if (target == DataType.INT16) {
            throw new IllegalArgumentException(
                    "cannot load " + UntrustedText.quote(info.name()) + " as INT16: the PyTorch engine of DJL aborts"
                            + " the JVM on int16; load it as INT32");
        }
        if (info.dtype().isFloatingPoint() != target.isFloating()) {
            throw new IllegalArgumentException(
                    "cannot load " + info.dtype() + " tensor " + UntrustedText.quote(info.name()) + " as " + target);
        }
        checkLength(raw, info);
        Shape shape = new Shape(info.shape());
        if (info.elementCount() == 0) {
            return manager.create(shape, target);
        }
        ByteBuffer data = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        DataType stored;
        if (info.dtype() == TensorDType.BF16) {
            data = widenBf16(data);
            stored = DataType.FLOAT32;
        } else if (info.dtype() == TensorDType.I16) {
            data = widenI16(data);
            stored = DataType.INT32;
        } else {
            requireLittleEndianHost();
            stored = info.dtype().engineType().orElseThrow();
            if (!data.isDirect()) {
                ByteBuffer direct = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
                direct.put(data).flip();
                data = direct;
            }
        }
        // The temporary aliases `data`; toType/duplicate copy into engine-owned memory.
        try (NDArray view = manager.create(data, shape, stored)) {
            return stored == target ? view.duplicate() : view.toType(target, true);
        }
    }

    /**
     * Decodes a floating-point tensor into a Java array, widening F16 and BF16 exactly and
     * narrowing F64.
     *
     * @param raw the tensor's bytes
     * @param info the tensor's description; must be a floating-point type
     * @return the values in row-major order
     */
    public static float[] toFloatArray(ByteBuffer raw, TensorInfo info) {
        checkLength(raw, info);
        ByteBuffer data = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(info.elementCount());
        float[] out = new float[n];
        switch (info.dtype()) {
            case F32:
                data.asFloatBuffer().get(out);
                break;
            case F64:
                for (int i = 0; i < n; i++) {
                    out[i] = (float) data.getDouble(i * 8);
                }
                break;
            case F16:
                for (int i = 0; i < n; i++) {
                    out[i] = Float16.toFloat(data.getShort(i * 2));
                }
                break;
            case BF16:
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((data.getShort(i * 2) & 0xffff) << 16);
                }
                break;
            default:
                throw new IllegalArgumentException(
                        "tensor " + UntrustedText.quote(info.name()) + " is " + info.dtype() + ", not floating point");
        }
        return out;
    }

    /**
     * Decodes an integer tensor into a Java {@code long} array (U8 is read unsigned).
     *
     * @param raw the tensor's bytes
     * @param info the tensor's description; must be an integer or boolean type
     * @return the values in row-major order
     */
    public static long[] toLongArray(ByteBuffer raw, TensorInfo info) {
        checkLength(raw, info);
        ByteBuffer data = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(info.elementCount());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            switch (info.dtype()) {
                case I64:
                    out[i] = data.getLong(i * 8);
                    break;
                case I32:
                    out[i] = data.getInt(i * 4);
                    break;
                case I16:
                    out[i] = data.getShort(i * 2);
                    break;
                case I8:
                    out[i] = data.get(i);
                    break;
                case U8:
                case BOOL:
                    out[i] = data.get(i) & 0xff;
                    break;
                default:
                    throw new IllegalArgumentException(
                            "tensor " + UntrustedText.quote(info.name()) + " is " + info.dtype()
                                    + ", not an integer type");
            }
        }
        return out;
    }

    private static ByteBuffer widenBf16(ByteBuffer bf16) {
        ShortBuffer in = bf16.asShortBuffer();
        int n = in.remaining();
        ByteBuffer out = ByteBuffer.allocateDirect(Math.multiplyExact(n, 4)).order(ByteOrder.nativeOrder());
        FloatBuffer f = out.asFloatBuffer();
        for (int i = 0; i < n; i++) {
            f.put(i, Float.intBitsToFloat((in.get(i) & 0xffff) << 16));
        }
        return out;
    }

    private static ByteBuffer widenI16(ByteBuffer i16) {
        ShortBuffer in = i16.asShortBuffer();
        int n = in.remaining();
        ByteBuffer out = ByteBuffer.allocateDirect(Math.multiplyExact(n, 4)).order(ByteOrder.nativeOrder());
        IntBuffer w = out.asIntBuffer();
        for (int i = 0; i < n; i++) {
            w.put(i, in.get(i));
        }
        return out;
    }

    private static void checkLength(ByteBuffer raw, TensorInfo info) {
        if (raw.remaining() != info.byteSize()) {
            throw new IllegalArgumentException(
                    "tensor " + UntrustedText.quote(info.name()) + ": " + raw.remaining() + " bytes given, "
                            + info.byteSize() + " expected for " + info);
        }
    }

    private static void requireLittleEndianHost() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            // Every platform DJL ships PyTorch natives for is little-endian.
            throw new UnsupportedOperationException("weight loading requires a little-endian host");
        }
    }
}
