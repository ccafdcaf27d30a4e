package dev.faceanon.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SamplerOptionsTest {

    @Test
    void stableDiffusion21HasTheOfficialValues() {
        SamplerOptions o = SamplerOptions.stableDiffusion21();
        assertEquals(PredictionType.V_PREDICTION, o.predictionType());
        assertEquals(1, o.stepsOffset());
        assertFalse(o.setAlphaToOne());
        assertFalse(o.clipSample());
        assertEquals(Optional.empty(), o.spacing());
        assertEquals(TimestepSpacing.LEADING, o.spacingFor(SamplerKind.DDPM));
        assertEquals(TimestepSpacing.LINSPACE, o.spacingFor(SamplerKind.DPM_SOLVER_PP_2M));
        assertEquals(VarianceType.FIXED_SMALL, o.varianceType());
        assertEquals(0.0, o.eta());
        assertEquals(FinalSigma.SIGMA_MIN, o.finalSigma());
        assertTrue(o.lowerOrderFinal());
        assertFalse(o.eulerAtFinal());
    }

    @Test
    void withersChangeOneValue() {
        SamplerOptions o = SamplerOptions.of(PredictionType.EPSILON);
        assertTrue(o.setAlphaToOne(), "diffusers' DDIM default");
        assertEquals(TimestepSpacing.TRAILING,
                o.withSpacing(TimestepSpacing.TRAILING).spacingFor(SamplerKind.DPM_SOLVER_PP_2M));
        assertEquals(2.0, o.withClipSample(2.0).clipSampleRange());
        assertTrue(o.withClipSample(2.0).clipSample());
        assertEquals(o, o.withClipSample(2.0).withoutClipSample());
        assertEquals(o, o.withEta(0.5).withEta(0));
        assertNotEquals(o, o.withEulerAtFinal(true));
        assertEquals(o.withFinalSigma(FinalSigma.ZERO).hashCode(), o.withFinalSigma(FinalSigma.ZERO).hashCode());
        assertTrue(o.withLowerOrderFinal(false).toString().contains("lowerOrderFinal=false"));
    }

    @Test
    void invalidValuesAreRejected() {
        SamplerOptions o = SamplerOptions.of(PredictionType.EPSILON);
        assertThrows(IllegalArgumentException.class, () -> o.withStepsOffset(-1));
        assertThrows(IllegalArgumentException.class, () -> o.withEta(-0.1));
        assertThrows(IllegalArgumentException.class, () -> o.withEta(1.5));
        assertThrows(IllegalArgumentException.class, () -> o.withEta(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> o.withClipSample(0));
        assertThrows(IllegalArgumentException.class, () -> o.withClipSample(Double.POSITIVE_INFINITY));
        assertThrows(NullPointerException.class, () -> o.withPredictionType(null));
    }

    @Test
    void stepCoefficientsRejectInconsistentSteps() {
        assertThrows(IllegalArgumentException.class,
                () -> new StepCoefficients(0, 10, 3, 1, 0, Double.POSITIVE_INFINITY, 1, 0, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class,
                () -> new StepCoefficients(0, 10, 1, 1, 0, Double.POSITIVE_INFINITY, 1, 0, 0, 0.5, 0, false));
        assertThrows(IllegalArgumentException.class,
                () -> new StepCoefficients(0, 10, 1, 1, 0, Double.POSITIVE_INFINITY, 1, 0, 0, 0, 0.1, false));
        assertThrows(IllegalArgumentException.class,
                () -> new StepCoefficients(0, 10, 1, Double.NaN, 0, Double.POSITIVE_INFINITY, 1, 0, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class,
                () -> new StepCoefficients(0, 10, 1, 1, 0, 0, 1, 0, 0, 0, 0, false));
        StepCoefficients ok = new StepCoefficients(0, 10, 1, 2, 3, Double.POSITIVE_INFINITY, 5, 7, 11, 0, 13, true);
        double[] r = ok.apply(1, 1, 100, 1);
        assertEquals(5, r[1]);
        assertEquals(5 + 7 + 11 * 5 + 13, r[0]);
    }
}
