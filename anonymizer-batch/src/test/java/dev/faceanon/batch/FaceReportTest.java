package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.faceanon.AlignedAnonymization;
import dev.faceanon.AlignedSwap;
import dev.faceanon.FaceOutcome;
import dev.faceanon.SwapOutcome;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.identity.IdentityTry;
import dev.faceanon.redact.RedactedFace;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every front end reports a face the same way: from the library's outcome, with its seed only if generated. */
class FaceReportTest {
    private static final Face FACE = FacesFileTest.twoFaces().get(0);
    private static final OptionalLong SEED = OptionalLong.of(-7);

    @Test
    void anonymizedAndRedactedFaces() {
        FaceReport done = FaceReport.of(new FaceOutcome(2, FACE, FaceOutcome.Action.ANONYMIZED, ""), SEED);
        assertEquals(new FaceReport(2, FACE.box(), FACE.landmarks(), "anonymized", true, "", SEED, Optional.empty(),
                Optional.empty()), done);
        FaceReport fallback = FaceReport.of(new FaceOutcome(0, FACE, FaceOutcome.Action.REDACTED, "too small"), SEED);
        assertEquals("redacted", fallback.action());
        assertFalse(fallback.asked());
        assertEquals("too small", fallback.reason());
        assertEquals(OptionalLong.empty(), fallback.seed(), "no noise was drawn for a redacted face");
    }

    @Test
    void swappedAndUnchangedFaces() {
        assertEquals(new FaceReport(1, FACE.box(), FACE.landmarks(), "swapped", true, "", SEED, Optional.empty(),
                Optional.empty()),
                FaceReport.of(new SwapOutcome(1, FACE, SwapOutcome.Action.SWAPPED, ""), SEED));
        FaceReport unchanged = FaceReport.of(new SwapOutcome(1, FACE, SwapOutcome.Action.UNCHANGED, "too small"), SEED);
        assertEquals("unchanged", unchanged.action());
        assertFalse(unchanged.asked());
        assertTrue(unchanged.seed().isEmpty());
    }

    @Test
    void redactedFacesAndAlignedCrops() {
        FaceReport crop = FaceReport.of(3, new RedactedFace(FACE, RedactedFace.Area.ALIGNED_CROP, ""),
                RedactionMethod.PIXELATE, Optional.empty());
        assertEquals("redacted (pixelate)", crop.action());
        assertTrue(crop.asked());
        FaceReport square = FaceReport.of(3, new RedactedFace(FACE, RedactedFace.Area.BOX_SQUARE, "off the box"),
                RedactionMethod.BLUR, Optional.empty());
        assertFalse(square.asked(), "covered, but not as asked: the summary says why");
        assertEquals(new FaceReport(0, new BoundingBox(0, 0, 96, 128), List.of(), "anonymized", true, "", SEED,
                Optional.empty(), Optional.empty()), FaceReport.of(new AlignedAnonymization(TestImages.pattern(96,
                        128), FaceOutcome.Action.ANONYMIZED, "", Optional.empty(), Optional.empty()), 96, 128, SEED));
        assertEquals("face 4 at (11, 20) 50x60: redacted (blur) (off the box)", square.describe());
    }

    @Test
    void auditsAndKeptFacesAreReportedAsTheyCame() {
        IdentityAudit audit = IdentityAudit.measured(0.25, 0.6, List.of(new IdentityTry(1, OptionalLong.of(11), 0.4),
                new IdentityTry(2, OptionalLong.of(12), 0.25)));
        FaceReport stillMatching = FaceReport.of(new FaceOutcome(0, FACE, FaceOutcome.Action.ANONYMIZED, "",
                Optional.of(audit), Optional.empty()), SEED);
        assertEquals(Optional.of(audit), stillMatching.audit());
        assertTrue(stillMatching.stillMatches());
        assertFalse(stillMatching.asIntended(), "as asked, but the recognizer still takes it for its input");
        assertEquals("face 1 at (11, 20) 50x60: anonymized; identity check: STILL MATCHES its input (distance 0.25,"
                + " threshold 0.60, after 2 generations)", stillMatching.describe());

        GalleryMatch match = new GalleryMatch("people/ann.jpg", 0.125);
        FaceReport kept = FaceReport.of(FaceOutcome.kept(1, FACE, match), SEED);
        assertEquals(FaceReport.KEPT, kept.action());
        assertTrue(kept.asked());
        assertTrue(kept.asIntended());
        assertEquals(Optional.of(match), kept.kept());
        assertEquals(OptionalLong.empty(), kept.seed(), "a kept face draws no noise");
        assertEquals(kept, FaceReport.of(SwapOutcome.kept(1, FACE, match), SEED));
        assertEquals(kept, FaceReport.kept(1, FACE, match), "a face the redaction keeps");

        IdentityAudit swap = IdentityAudit.measured(0.9, 0.6, List.of(new IdentityTry(1, OptionalLong.empty(), 0.9)))
                .withDistanceToIdentity(0.3);
        FaceReport crop = FaceReport.of(new AlignedSwap(TestImages.pattern(8, 8), SwapOutcome.Action.SWAPPED, "",
                Optional.of(swap), Optional.empty()), 8, 8, SEED);
        assertEquals(Optional.of(swap), crop.audit());
        assertTrue(crop.describe().endsWith("no longer matches its input (distance 0.90, threshold 0.60), 0.30 from the"
                + " identity face"), crop.describe());
        FaceReport unmeasured = FaceReport.of(3, new RedactedFace(FACE, RedactedFace.Area.ALIGNED_CROP, ""),
                RedactionMethod.BLACK, Optional.of(IdentityAudit.notMeasured(0.6, "no face to the recognizer",
                        List.of())));
        assertTrue(unmeasured.asIntended(), "no verdict is no match");
        assertEquals(OptionalDouble.empty(), unmeasured.audit().get().distance());
    }

    @Test
    void theJsonReportListsTheAuditAndTheGalleryEntry() {
        IdentityAudit audit = IdentityAudit.measured(0.75, 0.5, List.of(new IdentityTry(1, OptionalLong.of(-3), 0.75)))
                .withDistanceToIdentity(0.25);
        FaceReport swapped = FaceReport.of(new SwapOutcome(0, FACE, SwapOutcome.Action.SWAPPED, "", Optional.of(audit),
                Optional.empty()), SEED);
        assertEquals(JsonParser.parseString("{\"index\": 0, \"box\": [10.5, 20.0, 60.0, 80.25], \"action\": \"swapped\","
                + " \"asked\": true, \"seed\": -7, \"identity\": {\"verdict\": \"changed\", \"distance\": 0.75,"
                + " \"threshold\": 0.5, \"distanceToIdentity\": 0.25, \"tries\": [{\"try\": 1, \"seed\": -3,"
                + " \"distance\": 0.75}]}}"), swapped.toJson());
        FaceReport kept = FaceReport.kept(2, FACE, new GalleryMatch("ann.png", 0.5));
        assertEquals(JsonParser.parseString("{\"index\": 2, \"box\": [10.5, 20.0, 60.0, 80.25], \"action\": \"kept\","
                + " \"asked\": true, \"reason\": \"" + new GalleryMatch("ann.png", 0.5).describe().replace("\"", "\\\"")
                + "\", \"kept\": {\"entry\": \"ann.png\", \"distance\": 0.5}}"), kept.toJson());
        FaceReport unmeasured = FaceReport.of(new FaceOutcome(0, FACE, FaceOutcome.Action.ANONYMIZED, "",
                Optional.of(IdentityAudit.notMeasured(0.6, "featureless", List.of())), Optional.empty()),
                OptionalLong.empty());
        assertEquals(JsonParser.parseString("{\"verdict\": \"not-measured\", \"threshold\": 0.6, \"note\":"
                + " \"featureless\", \"tries\": []}"), unmeasured.toJson().get("identity"));
    }
}
