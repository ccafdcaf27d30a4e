package dev.faceanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.sampling.SamplerKind;
import org.junit.jupiter.api.Test;

class DiffusionConfigTest {

    @Test
    void presetsHaveThePublishedValues() {
        DiffusionConfig paper = DiffusionConfig.paperQuality();
        assertEquals(SamplerKind.DDPM, paper.sampler());
        assertEquals(200, paper.steps());
        assertEquals(4.0, paper.guidanceScale());
        assertEquals(1.25, paper.anonymizationDegree());
        assertTrue(paper.seed().isEmpty());
        assertTrue(paper.samplePosterior());
        DiffusionConfig fast = DiffusionConfig.defaults();
        assertEquals(SamplerKind.DPM_SOLVER_PP_2M, fast.sampler());
        assertEquals(25, fast.steps());
        assertEquals(4.0, fast.guidanceScale());
        assertEquals(1.25, fast.anonymizationDegree());
    }

    @Test
    void builderRoundTripsAndIsImmutable() {
        DiffusionConfig a = DiffusionConfig.builder().sampler(SamplerKind.DDIM).steps(50).guidanceScale(2.5)
                .anonymizationDegree(0).seed(42).samplePosterior(false).build();
        DiffusionConfig b = a.toBuilder().build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(42, b.seed().getAsLong());
        DiffusionConfig c = a.toBuilder().randomSeed().build();
        assertTrue(c.seed().isEmpty());
        assertFalse(a.equals(c));
        assertEquals(42, a.seed().getAsLong());
        assertTrue(a.toString().contains("seed=42"));
    }

    @Test
    void badValuesFailFastNamingTheField() {
        DiffusionConfig.Builder b = DiffusionConfig.builder();
        assertMessage("steps", assertThrows(IllegalArgumentException.class, () -> b.steps(0)));
        assertMessage("steps", assertThrows(IllegalArgumentException.class, () -> b.steps(1001)));
        assertMessage("guidanceScale", assertThrows(IllegalArgumentException.class, () -> b.guidanceScale(-1)));
        assertMessage("guidanceScale", assertThrows(IllegalArgumentException.class, () -> b.guidanceScale(Double.NaN)));
        assertMessage("anonymizationDegree",
                assertThrows(IllegalArgumentException.class, () -> b.anonymizationDegree(Double.POSITIVE_INFINITY)));
        assertMessage("anonymizationDegree", assertThrows(IllegalArgumentException.class, () -> b.anonymizationDegree(-0.1)));
        assertThrows(NullPointerException.class, () -> b.sampler(null));
        // A failed setter leaves the builder usable with its previous values.
        assertEquals(DiffusionConfig.defaults(), b.build());
    }

    private static void assertMessage(String field, IllegalArgumentException e) {
        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    }
}
