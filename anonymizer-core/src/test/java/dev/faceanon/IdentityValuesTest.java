package dev.faceanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.face.Face;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.identity.IdentityCheck;
import dev.faceanon.identity.IdentityTry;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The identity value types check what they hold: verdicts that follow from the numbers, settings in range. */
class IdentityValuesTest {
    private static final Face FACE = SyntheticFaces.face68(SyntheticFaces.placement(50, 0, 60, 60));

    @Test
    void theVerdictFollowsFromTheDistanceAndTheThreshold() {
        assertEquals(IdentityAudit.Verdict.STILL_MATCHES, IdentityAudit.measured(0.59, 0.6, List.of()).verdict());
        assertEquals(IdentityAudit.Verdict.CHANGED, IdentityAudit.measured(0.6, 0.6, List.of()).verdict());
        assertThrows(IllegalArgumentException.class, () -> new IdentityAudit(IdentityAudit.Verdict.CHANGED,
                OptionalDouble.of(0.2), 0.6, OptionalDouble.empty(), List.of(), ""));
        assertThrows(IllegalArgumentException.class, () -> new IdentityAudit(IdentityAudit.Verdict.NOT_MEASURED,
                OptionalDouble.empty(), 0.6, OptionalDouble.empty(), List.of(), ""));
        assertThrows(IllegalArgumentException.class, () -> IdentityAudit.measured(Double.NaN, 0.6, List.of()));
        assertThrows(IllegalArgumentException.class, () -> IdentityAudit.measured(0.1, 0, List.of()));
        IdentityAudit none = IdentityAudit.notMeasured(0.6, "outside", List.of());
        assertTrue(none.distance().isEmpty());
        assertEquals("outside", none.note());
        assertTrue(IdentityAudit.measured(1.0, 0.6, List.of()).withDistanceToIdentity(0.3).matchesIdentity());
    }

    @Test
    void triesAndMatchesHoldFiniteDistances() {
        assertThrows(IllegalArgumentException.class, () -> new IdentityTry(0, OptionalLong.empty(), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new IdentityTry(1, OptionalLong.empty(), -0.1));
        assertThrows(IllegalArgumentException.class, () -> new GalleryMatch("a", Double.POSITIVE_INFINITY));
        assertEquals("matches keep gallery entry \"a\\u0007b\" (distance 0.25)", new GalleryMatch("a\u0007b", 0.25)
                .describe());
    }

    @Test
    void identityCheckSettingsAreInRange() {
        IdentityCheck d = IdentityCheck.defaults();
        assertEquals(0.6, d.threshold());
        assertTrue(d.failClosed());
        assertEquals(2, d.retries());
        assertThrows(IllegalArgumentException.class, () -> IdentityCheck.builder().retries(-1));
        assertThrows(IllegalArgumentException.class, () -> IdentityCheck.builder().retries(11));
        assertThrows(IllegalArgumentException.class, () -> IdentityCheck.builder().threshold(Double.POSITIVE_INFINITY));
        assertEquals(false, IdentityCheck.auditOnly().failClosed());
    }

    @Test
    void onlyAKeptFaceHasAGalleryMatch() {
        GalleryMatch m = new GalleryMatch("me", 0.2);
        assertThrows(IllegalArgumentException.class, () -> new FaceOutcome(0, FACE, FaceOutcome.Action.KEPT, "x",
                Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new FaceOutcome(0, FACE, FaceOutcome.Action.ANONYMIZED, "",
                Optional.empty(), Optional.of(m)));
        assertThrows(IllegalArgumentException.class, () -> new SwapOutcome(0, FACE, SwapOutcome.Action.KEPT, "x",
                Optional.empty(), Optional.empty()));
        assertEquals(FaceOutcome.Action.KEPT, FaceOutcome.kept(0, FACE, m).action());
        assertEquals(SwapOutcome.Action.KEPT, SwapOutcome.kept(0, FACE, m).action());
    }

    @Test
    void progressEventsCountAttemptsFromOne() {
        ProgressEvent e = new ProgressEvent(ProgressEvent.Stage.DENOISING, 2, 5, 1);
        assertEquals(1, e.attempt());
        assertEquals(3, e.withAttempt(3).attempt());
        assertEquals(2, e.withAttempt(3).completed());
        assertThrows(IllegalArgumentException.class, () -> e.withAttempt(0));
    }
}
