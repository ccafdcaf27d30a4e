package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceOutcome;
import dev.faceanon.SwapOutcome;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.redact.RedactedFace;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every front end reports a face the same way: from the library's outcome, with its seed only if generated. */
class FaceReportTest {
    private static final Face FACE = FacesFileTest.twoFaces().get(0);
    private static final OptionalLong SEED = OptionalLong.of(-7);

    @Test
    void anonymizedAndRedactedFaces() {
        FaceReport done = FaceReport.of(new FaceOutcome(2, FACE, FaceOutcome.Action.ANONYMIZED, ""), SEED);
        assertEquals(new FaceReport(2, FACE.box(), FACE.landmarks(), "anonymized", true, "", SEED), done);
        FaceReport fallback = FaceReport.of(new FaceOutcome(0, FACE, FaceOutcome.Action.REDACTED, "too small"), SEED);
        assertEquals("redacted", fallback.action());
        assertFalse(fallback.asked());
        assertEquals("too small", fallback.reason());
        assertEquals(OptionalLong.empty(), fallback.seed(), "no noise was drawn for a redacted face");
    }

    @Test
    void swappedAndUnchangedFaces() {
        assertEquals(new FaceReport(1, FACE.box(), FACE.landmarks(), "swapped", true, "", SEED),
                FaceReport.of(new SwapOutcome(1, FACE, SwapOutcome.Action.SWAPPED, ""), SEED));
        FaceReport unchanged = FaceReport.of(new SwapOutcome(1, FACE, SwapOutcome.Action.UNCHANGED, "too small"), SEED);
        assertEquals("unchanged", unchanged.action());
        assertFalse(unchanged.asked());
        assertTrue(unchanged.seed().isEmpty());
    }

    @Test
    void redactedFacesAndAlignedCrops() {
        FaceReport crop = FaceReport.of(3, new RedactedFace(FACE, RedactedFace.Area.ALIGNED_CROP, ""),
                RedactionMethod.PIXELATE);
        assertEquals("redacted (pixelate)", crop.action());
        assertTrue(crop.asked());
        FaceReport square = FaceReport.of(3, new RedactedFace(FACE, RedactedFace.Area.BOX_SQUARE, "off the box"),
                RedactionMethod.BLUR);
        assertFalse(square.asked(), "covered, but not as asked: the summary says why");
        assertEquals(new FaceReport(0, new BoundingBox(0, 0, 96, 128), List.of(), "anonymized", true, "", SEED),
                FaceReport.alignedCrop("anonymized", 96, 128, SEED));
        assertEquals("face 4 at (11, 20) 50x60: redacted (blur) (off the box)", square.describe());
    }
}
