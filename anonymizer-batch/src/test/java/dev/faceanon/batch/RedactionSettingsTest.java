package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import org.junit.jupiter.api.Test;

/** The redaction a front end asks for is the one applied, and a strength meant for another method is refused. */
class RedactionSettingsTest {
    private static final SettingNames NAMES = new SettingNames("a", "b", "c", "d", "cellsParam", "sigmaParam");

    @Test
    void theStrengthGivenIsTheStrengthApplied() {
        assertEquals(3, ((Pixelate) RedactionSettings.of(RedactionMethod.PIXELATE, "m", 3, null, NAMES).redaction())
                .cellsAcrossFace());
        assertEquals(Pixelate.DEFAULT_CELLS_ACROSS_FACE, ((Pixelate) RedactionSettings.of(RedactionMethod.PIXELATE)
                .redaction()).cellsAcrossFace());
        assertEquals(0.5, ((GaussianBlur) RedactionSettings.of(RedactionMethod.BLUR, "m", null, 0.5, NAMES)
                .redaction()).sigmaPerFace());
        assertEquals(BlackOut.class, RedactionSettings.of(RedactionMethod.BLACK).redaction().getClass());
        assertEquals(RedactionSettings.of(RedactionMethod.BLUR, "m", null, 0.5, NAMES),
                RedactionSettings.of(RedactionMethod.BLUR, "other", null, 0.5, NAMES));
    }

    @Test
    void aStrengthForAnotherMethodOrOutOfRangeIsRefused() {
        assertEquals("sigmaParam applies to fallback blur, not to black", assertThrows(IllegalArgumentException.class,
                () -> RedactionSettings.of(RedactionMethod.BLACK, "fallback", null, 0.3, NAMES)).getMessage());
        assertEquals("cellsParam applies to method pixelate, not to blur", assertThrows(IllegalArgumentException.class,
                () -> RedactionSettings.of(RedactionMethod.BLUR, "method", 4, null, NAMES)).getMessage());
        assertEquals("cells across the face must be 1 to 10, got 11", assertThrows(IllegalArgumentException.class,
                () -> RedactionSettings.of(RedactionMethod.PIXELATE, "method", 11, null, NAMES)).getMessage());
    }
}
