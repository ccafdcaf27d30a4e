package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorDecoderTest {

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void bf16IsWidenedExactlyInJava() {
        // bf16 bit patterns: 1.0 = 0x3f80, -2.5 = 0xc020, smallest subnormal 0x0001, +inf 0x7f80.
        ByteBuffer b = le(8).putShort((short) 0x3f80).putShort((short) 0xc020).putShort((short) 0x0001)
                .putShort((short) 0x7f80).flip();
        TensorInfo info = new TensorInfo("w", TensorDType.BF16, new long[] {2, 2});
        float[] expected = {1.0f, -2.5f, Float.intBitsToFloat(0x00010000), Float.POSITIVE_INFINITY};
        assertArrayEquals(expected, TensorDecoder.toFloatArray(b, info));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = TensorDecoder.toNDArray(b, info, m, DataType.FLOAT32);
            assertEquals(DataType.FLOAT32, a.getDataType());
            assertArrayEquals(new long[] {2, 2}, a.getShape().getShape());
            assertArrayEquals(expected, a.toFloatArray());
            NDArray h = TensorDecoder.toNDArray(b, info, m, DataType.FLOAT16);
            assertEquals(DataType.FLOAT16, h.getDataType());
            assertEquals(-2.5f, h.toType(DataType.FLOAT32, false).toFloatArray()[1]);
        }
    }

    @Test
    void f16DecodesAllClassesOfValues() {
        // 1.0, -0.5, 65504 (max), 2^-24 (min subnormal), -0.0, NaN
        short[] bits = {0x3c00, (short) 0xb800, 0x7bff, 0x0001, (short) 0x8000, 0x7e00};
        ByteBuffer b = le(bits.length * 2);
        for (short s : bits) {
            b.putShort(s);
        }
        b.flip();
        float[] f = TensorDecoder.toFloatArray(b, new TensorInfo("h", TensorDType.F16, new long[] {6}));
        assertEquals(1.0f, f[0]);
        assertEquals(-0.5f, f[1]);
        assertEquals(65504f, f[2]);
        assertEquals(0x1p-24f, f[3]);
        assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(f[4]));
        assertEquals(true, Float.isNaN(f[5]));
        try (NDManager m = NDManager.newBaseManager()) {
            float[] viaEngine = TensorDecoder.toNDArray(b, new TensorInfo("h", TensorDType.F16, new long[] {6}), m,
                    DataType.FLOAT32).toFloatArray();
            for (int i = 0; i < 5; i++) {
                assertEquals(Float.floatToIntBits(f[i]), Float.floatToIntBits(viaEngine[i]), "element " + i);
            }
        }
    }

    @Test
    void loadedArrayDoesNotAliasTheSourceBuffer() {
        ByteBuffer direct = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
        direct.putFloat(1f).putFloat(2f).flip();
        TensorInfo info = new TensorInfo("x", TensorDType.F32, new long[] {2});
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = TensorDecoder.toNDArray(direct, info, m, DataType.FLOAT32);
            direct.putFloat(0, 99f);
            a.muli(10);
            assertArrayEquals(new float[] {10f, 20f}, a.toFloatArray());
            assertEquals(99f, direct.getFloat(0));
        }
    }

    @Test
    void rejectsBfloat16TargetWrongLengthAndTypeMismatch() {
        TensorInfo info = new TensorInfo("x", TensorDType.F32, new long[] {2});
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TensorDecoder.toNDArray(le(8), info, m, DataType.BFLOAT16));
            assertEquals(true, e.getMessage().contains("FLOAT16 or FLOAT32"));
            assertThrows(IllegalArgumentException.class, () -> TensorDecoder.toNDArray(le(4), info, m, DataType.FLOAT32));
            assertThrows(IllegalArgumentException.class, () -> TensorDecoder.toNDArray(le(8), info, m, DataType.INT64));
        }
    }

    @Test
    void integersAndScalars() {
        ByteBuffer b = le(16).putLong(-3).putLong(1L << 40).flip();
        TensorInfo info = new TensorInfo("t", TensorDType.I64, new long[] {2});
        assertArrayEquals(new long[] {-3, 1L << 40}, TensorDecoder.toLongArray(b, info));
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new long[] {-3, 1L << 40},
                    TensorDecoder.toNDArray(b, info, m, DataType.INT64).toLongArray());
            ByteBuffer s = le(4).putFloat(421f).flip();
            NDArray scalar = TensorDecoder.toNDArray(s, new TensorInfo("s", TensorDType.F32, new long[0]), m,
                    DataType.FLOAT32);
            assertEquals(0, scalar.getShape().dimension());
            assertEquals(421f, scalar.getFloat());
        }
    }

    @Test
    void tensorInfoRejectsNegativeAndOverflowingShapes() {
        assertThrows(IllegalArgumentException.class, () -> new TensorInfo("n", TensorDType.F32, new long[] {-1}));
        assertThrows(IllegalArgumentException.class,
                () -> new TensorInfo("o", TensorDType.F32, new long[] {1L << 40, 1L << 40}));
    }
}
