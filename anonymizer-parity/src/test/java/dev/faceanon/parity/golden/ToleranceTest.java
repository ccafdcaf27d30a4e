package dev.faceanon.parity.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ToleranceTest {

    @Test
    void boundIsAbsolutePlusRelative() {
        Tolerance t = new Tolerance(1e-3, 1e-2);
        // allowed at b=10: 1e-3 + 0.1 = 0.101
        assertTrue(t.compare(new float[] {10.1f}, new float[] {10f}).passed());
        assertFalse(t.compare(new float[] {10.11f}, new float[] {10f}).passed());
        Comparison c = t.compare(new float[] {0.0005f, 2f, 5f}, new float[] {0f, 2f, 4f});
        assertEquals(1, c.failures());
        assertEquals(2, c.worstIndex());
        assertEquals(1.0, c.maxAbs(), 1e-6);
        assertEquals(0.25, c.maxRel(), 1e-6);
        assertTrue(c.summary().startsWith("FAIL"), c.summary());
    }

    @Test
    void nanNeverPassesAndInfinityOnlyEqualsItself() {
        Tolerance t = new Tolerance(1, 1);
        assertFalse(t.compare(new float[] {Float.NaN}, new float[] {0f}).passed());
        assertFalse(t.compare(new float[] {0f}, new float[] {Float.NaN}).passed());
        assertTrue(t.compare(new float[] {Float.POSITIVE_INFINITY}, new float[] {Float.POSITIVE_INFINITY}).passed());
        assertFalse(t.compare(new float[] {Float.NEGATIVE_INFINITY}, new float[] {Float.POSITIVE_INFINITY}).passed());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(0, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new Tolerance(0, 0).compare(new float[1], new float[2]));
    }
}
