package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AttentionBudgetTest {

    @Test
    void aCallBoundTightensButNeverLoosensAndEndsWithTheCall() {
        assertEquals(100, AttentionBudget.effective(100));
        assertEquals(0, AttentionBudget.effective(0));
        AtomicLong seen = new AtomicLong();
        AttentionBudget.call(40, () -> {
            seen.set(AttentionBudget.effective(100));
            assertEquals(40, AttentionBudget.effective(0));
            assertEquals(30, AttentionBudget.effective(30));
            // Nested calls only tighten.
            return AttentionBudget.call(60, () -> {
                assertEquals(40, AttentionBudget.effective(100));
                return null;
            });
        });
        assertEquals(40, seen.get());
        assertEquals(100, AttentionBudget.effective(100), "the bound ends with the call");
        assertThrows(IllegalArgumentException.class, () -> AttentionBudget.call(0, () -> null));
    }

    @Test
    void attentionUnderACallBoundIsChunkedAndEqual() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.randomNormal(new Shape(1, 9, 8));
            NDArray k = m.randomNormal(new Shape(1, 13, 8));
            NDArray v = m.randomNormal(new Shape(1, 13, 8));
            AttentionOptions materialised = AttentionOptions.materialised(false, 0);
            float[] whole = DotProductAttention.attend(q, k, v, 2, materialised).toFloatArray();
            // One query row per block: 9 chunks.
            float[] chunked = AttentionBudget.call(2L * 13, () ->
                    DotProductAttention.attend(q, k, v, 2, materialised).toFloatArray());
            assertArrayEquals(whole, chunked, 1e-6f);
        }
    }
}
