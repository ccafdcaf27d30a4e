package dev.faceanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.face.Face;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a swap's audit measures: the output's distance to the target's original face (the verdict) and to the
 * identity face; a swap that leaves the target recognisable is reported, never redacted.
 */
class SwapIdentityAuditTest {
    private static final Face IDENTITY = SyntheticFaces.face68(SyntheticFaces.placement(100, 0.1, 200, 150));
    private static final Face TARGET = SyntheticFaces.face68(SyntheticFaces.placement(90, 0.1, 220, 140));

    private static BufferedImage identityPhoto() {
        return BufferedImageConverter.toBufferedImage(SyntheticFaces.smoothPhoto(400, 300, 11));
    }

    @Test
    void aSwapThatPutsTheIdentityInIsFarFromTheTargetAndCloseToTheIdentity() {
        try (FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity),
                new StandInRecognizer())) {
            FaceSwapper swapper = models.swapper(DiffusionConfig.builder().seed(9).build());
            SwapResult r = swapper.swap(swapper.identityOf(identityPhoto(), IDENTITY), IdentityFailClosedTest.photo(),
                    List.of(TARGET));
            SwapOutcome o = r.faces().get(0);
            assertEquals(SwapOutcome.Action.SWAPPED, o.action());
            IdentityAudit audit = o.audit().orElseThrow();
            double toIdentity = audit.distanceToIdentity().getAsDouble();
            System.out.printf("swap audit: %.3f to the target, %.3f to the identity%n",
                    audit.distance().getAsDouble(), toIdentity);
            assertEquals(IdentityAudit.Verdict.CHANGED, audit.verdict());
            assertTrue(audit.matchesIdentity(), "the identity face was pasted: " + toIdentity);
            assertTrue(toIdentity < audit.distance().getAsDouble() / 3, audit.toString());
            assertEquals(1, audit.tries().size());
            assertEquals(new SplittableRandom(9).nextLong(), audit.tries().get(0).seed().getAsLong());
        }
    }

    @Test
    void aSwapThatLeavesTheTargetRecognisableIsReportedNotRedacted() {
        try (FaceModels models = FaceModels.of(new StandInBackend(IdentityFailClosedTest::unchanged),
                new StandInRecognizer())) {
            FaceSwapper swapper = models.swapper();
            BufferedImage target = IdentityFailClosedTest.photo();
            SwapResult r = swapper.swap(swapper.identityOf(identityPhoto(), IDENTITY), target, List.of(TARGET));
            SwapOutcome o = r.faces().get(0);
            assertEquals(SwapOutcome.Action.SWAPPED, o.action());
            IdentityAudit audit = o.audit().orElseThrow();
            assertEquals(IdentityAudit.Verdict.STILL_MATCHES, audit.verdict());
            assertFalse(audit.matchesIdentity());
            int centre = r.image().getRGB(220, 140);
            assertTrue((centre & 0xFFFFFF) != 0, "nothing redacted");
        }
    }

    @Test
    void alignedCropsAreAuditedWhole() {
        BufferedImage id = BufferedImageConverter.toBufferedImage(SyntheticFaces.smoothPhoto(96, 96, 1));
        BufferedImage target = BufferedImageConverter.toBufferedImage(SyntheticFaces.uniform(96, 96, 0x202020));
        try (FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity),
                new StandInRecognizer())) {
            AlignedSwap s = models.swapper().swapCrop(id, target, CallOptions.defaults());
            assertEquals(SwapOutcome.Action.SWAPPED, s.action());
            IdentityAudit audit = s.audit().orElseThrow();
            assertTrue(audit.distanceToIdentity().getAsDouble() < 0.1, audit.toString());
            assertEquals(IdentityAudit.Verdict.CHANGED, audit.verdict());
        }
    }

    @Test
    void theThresholdIsChecked() {
        try (FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity),
                new StandInRecognizer())) {
            assertThrows(IllegalArgumentException.class, () -> models.swapper().withIdentityThreshold(-1));
            assertEquals(0.3, models.swapper().withIdentityThreshold(0.3).swap(models.swapper().identityOf(
                    identityPhoto(), IDENTITY), IdentityFailClosedTest.photo(), List.of(TARGET)).faces().get(0)
                    .audit().orElseThrow().threshold());
        }
        try (FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity))) {
            assertThrows(IllegalStateException.class, () -> models.swapper().withIdentityThreshold(0.5));
        }
    }
}
