package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ListedTensorSourceTest {
    private static final TensorInfo A = new TensorInfo("a", TensorDType.F32, new long[] {2});
    private static final TensorInfo B = new TensorInfo("b", TensorDType.I64, new long[] {1, 1});

    /** Every tensor's data is its element indices, as float32 or int64. */
    private static final class Indices extends ListedTensorSource {
        Indices(List<TensorInfo> tensors) {
            super(Path.of("indices.safetensors"), tensors);
        }

        @Override
        public ByteBuffer raw(String name) {
            TensorInfo t = info(name);
            ByteBuffer b = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < t.elementCount(); i++) {
                if (t.dtype() == TensorDType.F32) {
                    b.putFloat(i);
                } else {
                    b.putLong(i);
                }
            }
            return b.flip().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    @Test
    void listsFindsAndLoadsTheGivenTensors() {
        List<TensorInfo> given = new ArrayList<>(List.of(B, A));
        Indices src = new Indices(given);
        given.clear();
        assertEquals(Path.of("indices.safetensors"), src.path());
        assertEquals(List.of(B, A), src.tensors(), "a copy, in the given order");
        assertThrows(UnsupportedOperationException.class, () -> src.tensors().clear());
        assertSame(A, src.find("a").orElseThrow());
        assertTrue(src.find("c").isEmpty());
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> src.raw("c"));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("indices.safetensors"), e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new float[] {0, 1}, src.load("a", m).toFloatArray());
            assertArrayEquals(new long[] {0}, src.load("b", m).toLongArray());
        }
        src.close();
        assertEquals(List.of(B, A), src.tensors(), "closing holds nothing to release");
    }

    @Test
    void rejectsATensorListedTwice() {
        TensorInfo again = new TensorInfo("a", TensorDType.F32, new long[] {3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Indices(List.of(A, B, again)));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new Indices(null));
    }
}
