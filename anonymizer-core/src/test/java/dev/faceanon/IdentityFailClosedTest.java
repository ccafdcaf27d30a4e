package dev.faceanon;

import static dev.faceanon.align.CoverageAssertions.BLACK;
import static dev.faceanon.align.CoverageAssertions.MAGENTA;
import static dev.faceanon.align.CoverageAssertions.assertBoxCovered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.face.Face;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.identity.IdentityCheck;
import dev.faceanon.identity.IdentityTry;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.NoiseKind;
import dev.faceanon.noise.SeededNoiseSource;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The anonymizer's identity check with a recognizer that compares pixels ({@link StandInRecognizer}): a generator
 * that hands the face back unchanged is caught, the face generated again with the documented seeds (progress and
 * cancellation working on every try), then redacted over its whole box and reported with every distance.
 */
class IdentityFailClosedTest {
    private static final long SEED = 42;
    private static final Face SMALL = SyntheticFaces.face68(SyntheticFaces.placement(70, 0.1, 110, 140));
    private static final Face LARGE = SyntheticFaces.face68(SyntheticFaces.placement(90, -0.2, 290, 150));

    static BufferedImage photo() {
        return BufferedImageConverter.toBufferedImage(SyntheticFaces.smoothPhoto(400, 300, 5));
    }

    /** Hands every crop back as it came, and reports one denoising step so that progress can be followed. */
    static RgbImage unchanged(GenerationRequest r) {
        r.progress().onProgress(new ProgressEvent(ProgressEvent.Stage.DENOISING, 1, 1, r.faceIndex()));
        r.cancellation().throwIfCancelled();
        return r.conditioning();
    }

    static RgbImage magenta(GenerationRequest r) {
        return SyntheticFaces.uniform(r.conditioning().width(), r.conditioning().height(), MAGENTA);
    }

    /** The seeds of one face's tries, as the documentation derives them, computed with the JDK's SplitMix64. */
    private static List<Long> documentedSeeds(long configSeed, int faceIndex, int tries) {
        SplittableRandom faces = new SplittableRandom(configSeed);
        long seed = 0;
        for (int k = 0; k <= faceIndex; k++) {
            seed = faces.nextLong();
        }
        List<Long> seeds = new ArrayList<>();
        for (int t = 0; t < tries; t++) {
            seeds.add(seed);
            seed = new SplittableRandom(seed).nextLong();
        }
        return seeds;
    }

    private static FaceAnonymizer anonymizer(FaceModels models) {
        return models.anonymizer(DiffusionConfig.builder().seed(SEED).build());
    }

    @Test
    void aFaceHandedBackUnchangedIsGeneratedTwiceMoreWithTheDocumentedSeedsThenRedacted() {
        StandInBackend backend = new StandInBackend(IdentityFailClosedTest::unchanged);
        List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (FaceModels models = FaceModels.of(backend, new StandInRecognizer())) {
            BufferedImage p = photo();
            AnonymizationResult r = anonymizer(models).anonymize(p, List.of(LARGE, SMALL),
                    CallOptions.builder().progress(events::add).build());

            assertEquals(2, r.faces().size());
            assertEquals(2, r.redactedCount());
            for (FaceOutcome o : r.faces()) {
                assertEquals(FaceOutcome.Action.REDACTED, o.action());
                assertTrue(o.reason().startsWith("identity check failed: still matched its input after 3"
                        + " generations (distances "), o.reason());
                assertTrue(o.reason().endsWith("; threshold 0.60)"), o.reason());
                IdentityAudit audit = o.audit().orElseThrow();
                List<IdentityTry> tries = audit.tries();
                assertEquals(List.of(1, 2, 3), tries.stream().map(IdentityTry::number).toList());
                assertEquals(documentedSeeds(SEED, o.index(), 3),
                        tries.stream().map(t -> t.seed().getAsLong()).toList(), "seeds of face " + o.index());
                for (IdentityTry t : tries) {
                    assertTrue(t.distance() < 0.15, "an unchanged face is close to its input: " + t.distance());
                }
                // The redacted (black) face is far from its input: the audit of the output says so.
                assertEquals(IdentityAudit.Verdict.CHANGED, audit.verdict());
                assertTrue(audit.distance().getAsDouble() > 1, "black face at " + audit.distance());
                assertBoxCovered(r.image(), o.face().box(), c -> c == BLACK, "face " + o.index());
            }
            // Three generations per face (paste order: the smaller face is face 0), each with its seed.
            assertEquals(6, backend.requests.size());
            for (int face = 0; face < 2; face++) {
                List<Long> seeds = documentedSeeds(SEED, face, 3);
                int k = face;
                List<GenerationRequest> ofFace = backend.requests.stream().filter(q -> q.faceIndex() == k).toList();
                assertEquals(3, ofFace.size());
                for (int t = 0; t < 3; t++) {
                    assertSameNoise(new SeededNoiseSource(seeds.get(t)), ofFace.get(t).noise());
                }
            }
            // Progress of every try, with its attempt number.
            assertEquals(List.of("0/1", "1/1", "0/2", "1/2", "0/3", "1/3"), events.stream()
                    .map(e -> e.faceIndex() + "/" + e.attempt()).toList());
        }
    }

    private static void assertSameNoise(SeededNoiseSource expected, dev.faceanon.noise.NoiseSource actual) {
        long[] shape = {1, 4, 8, 8};
        assertArrayEquals(expected.next(NoiseKind.INITIAL_LATENTS, shape), actual.next(NoiseKind.INITIAL_LATENTS, shape));
    }

    @Test
    void aSecondTryThatChangesTheFaceIsKeptAndBothTriesAreReported() {
        ConcurrentHashMap<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
        Function<GenerationRequest, RgbImage> secondTryWorks = r -> calls.computeIfAbsent(r.faceIndex(),
                k -> new AtomicInteger()).incrementAndGet() == 1 ? unchanged(r) : magenta(r);
        try (FaceModels models = FaceModels.of(new StandInBackend(secondTryWorks), new StandInRecognizer())) {
            AnonymizationResult r = anonymizer(models).anonymize(photo(), List.of(SMALL));
            FaceOutcome o = r.faces().get(0);
            assertEquals(FaceOutcome.Action.ANONYMIZED, o.action());
            assertEquals("", o.reason());
            List<IdentityTry> tries = o.audit().orElseThrow().tries();
            assertEquals(2, tries.size());
            assertTrue(tries.get(0).distance() < 0.15 && tries.get(1).distance() > 1, tries.toString());
            assertEquals(documentedSeeds(SEED, 0, 2), tries.stream().map(t -> t.seed().getAsLong()).toList());
            assertEquals(IdentityAudit.Verdict.CHANGED, o.audit().get().verdict());
            assertBoxCovered(r.image(), SMALL.box(), c -> c == MAGENTA, "regenerated face");
        }
    }

    @Test
    void aGeneratedFaceThatChangesIsGeneratedOnceAndAudited() {
        StandInBackend backend = new StandInBackend(IdentityFailClosedTest::magenta);
        try (FaceModels models = FaceModels.of(backend, new StandInRecognizer())) {
            AnonymizationResult r = anonymizer(models).anonymize(photo(), List.of(SMALL, LARGE));
            assertTrue(r.allAnonymized());
            assertEquals(2, backend.requests.size());
            for (FaceOutcome o : r.faces()) {
                IdentityAudit audit = o.audit().orElseThrow();
                assertEquals(1, audit.tries().size());
                assertEquals(audit.distance().getAsDouble(), audit.tries().get(0).distance(), 1e-12,
                        "nothing changed after the check");
                assertFalse(audit.stillMatches());
            }
            assertEquals(0, r.stillMatchingCount());
        }
    }

    @Test
    void auditOnlyReportsAFaceThatStillMatchesWithoutRegeneratingIt() {
        StandInBackend backend = new StandInBackend(IdentityFailClosedTest::unchanged);
        try (FaceModels models = FaceModels.of(backend, new StandInRecognizer())) {
            AnonymizationResult r = anonymizer(models).withIdentityCheck(IdentityCheck.auditOnly())
                    .anonymize(photo(), List.of(SMALL));
            FaceOutcome o = r.faces().get(0);
            assertEquals(FaceOutcome.Action.ANONYMIZED, o.action());
            assertEquals(IdentityAudit.Verdict.STILL_MATCHES, o.audit().orElseThrow().verdict());
            assertEquals(1, r.stillMatchingCount());
            assertEquals(1, backend.requests.size());
        }
    }

    @Test
    void noRetriesRedactsAtOnceAndTheThresholdIsTheCallersOwn() {
        try (FaceModels models = FaceModels.of(new StandInBackend(IdentityFailClosedTest::unchanged),
                new StandInRecognizer())) {
            AnonymizationResult r = anonymizer(models).withIdentityCheck(IdentityCheck.builder().retries(0).build())
                    .anonymize(photo(), List.of(SMALL));
            assertEquals(FaceOutcome.Action.REDACTED, r.faces().get(0).action());
            assertTrue(r.faces().get(0).reason().contains("after 1 generation (distance "), r.faces().get(0).reason());
            // A threshold of 0.001 takes even the unchanged face for another person.
            AnonymizationResult lax = anonymizer(models).withIdentityCheck(IdentityCheck.builder().threshold(0.001)
                    .build()).anonymize(photo(), List.of(SMALL));
            assertEquals(FaceOutcome.Action.ANONYMIZED, lax.faces().get(0).action());
            assertEquals(0.001, lax.faces().get(0).audit().orElseThrow().threshold());
        }
    }

    @Test
    void cancellingDuringARetryRedactsEveryFaceThatStillMatchesAndGeneratesNothingMore() {
        CancellationToken token = new CancellationToken();
        AtomicInteger generations = new AtomicInteger();
        StandInBackend backend = new StandInBackend(r -> {
            // The first pass generates both faces; the first retry is cancelled in its midst.
            if (generations.incrementAndGet() == 3) {
                token.cancel();
            }
            return unchanged(r);
        });
        try (FaceModels models = FaceModels.of(backend, new StandInRecognizer())) {
            AnonymizationResult r = anonymizer(models).anonymize(photo(), List.of(SMALL, LARGE),
                    CallOptions.builder().cancellation(token).build());
            assertEquals(3, backend.requests.size(), "nothing generated after the cancellation");
            assertEquals(List.of(FaceOutcome.Action.REDACTED, FaceOutcome.Action.REDACTED),
                    r.faces().stream().map(FaceOutcome::action).toList());
            assertTrue(r.faces().get(0).reason().endsWith("; cancelled while it was generated again"),
                    r.faces().get(0).reason());
            assertTrue(r.faces().get(1).reason().endsWith("; cancelled before it could be generated again"),
                    r.faces().get(1).reason());
            for (FaceOutcome o : r.faces()) {
                assertBoxCovered(r.image(), o.face().box(), c -> c == BLACK, "face " + o.index());
            }
        }
    }

    @Test
    void aRetryThatFailsIsRedactedWithBothReasons() {
        AtomicInteger generations = new AtomicInteger();
        try (FaceModels models = FaceModels.of(new StandInBackend(r -> {
            if (generations.incrementAndGet() > 1) {
                throw new IllegalStateException("device lost");
            }
            return unchanged(r);
        }), new StandInRecognizer())) {
            FaceOutcome o = anonymizer(models).anonymize(photo(), List.of(SMALL)).faces().get(0);
            assertEquals(FaceOutcome.Action.REDACTED, o.action());
            assertTrue(o.reason().startsWith("identity check failed: still matched its input after 1 generation"),
                    o.reason());
            assertTrue(o.reason().endsWith("generating it again failed: generation failed: IllegalStateException:"
                    + " device lost"), o.reason());
        }
    }

    @Test
    void withoutASeedEveryTrySeedIsReportedAndDerivedFromTheFirst() {
        try (FaceModels models = FaceModels.of(new StandInBackend(IdentityFailClosedTest::unchanged),
                new StandInRecognizer())) {
            List<IdentityTry> tries = models.anonymizer().anonymize(photo(), List.of(SMALL)).faces().get(0).audit()
                    .orElseThrow().tries();
            assertEquals(3, tries.size());
            assertEquals(new SplittableRandom(tries.get(0).seed().getAsLong()).nextLong(),
                    tries.get(1).seed().getAsLong());
            assertEquals(new SplittableRandom(tries.get(1).seed().getAsLong()).nextLong(),
                    tries.get(2).seed().getAsLong());
        }
    }

    @Test
    void withTheCallersNoiseEveryTryDrawsFromItAndNoSeedIsReported() {
        SeededNoiseSource noise = new SeededNoiseSource(3);
        try (FaceModels models = FaceModels.of(new StandInBackend(IdentityFailClosedTest::unchanged),
                new StandInRecognizer())) {
            FaceOutcome o = models.anonymizer().anonymize(photo(), List.of(SMALL),
                    CallOptions.builder().noise(noise).build()).faces().get(0);
            assertEquals(List.of(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()),
                    o.audit().orElseThrow().tries().stream().map(IdentityTry::seed).toList());
        }
    }

    @Test
    void everyRedactedAndAnonymizedFaceIsAuditedAndTooSmallFacesToo() {
        try (FaceModels models = FaceModels.of(new StandInBackend(IdentityFailClosedTest::magenta),
                new StandInRecognizer())) {
            // SMALL's crop square is about 150 px, LARGE's about 190: SMALL is below the minimum.
            AnonymizationResult r = anonymizer(models).withMinimumFaceSize(170).anonymize(photo(),
                    List.of(SMALL, LARGE));
            assertEquals(FaceOutcome.Action.ANONYMIZED, r.faces().stream().filter(o -> o.face() == LARGE)
                    .findFirst().orElseThrow().action());
            FaceOutcome small = r.faces().stream().filter(o -> o.face() == SMALL).findFirst().orElseThrow();
            assertEquals(FaceOutcome.Action.REDACTED, small.action());
            assertTrue(small.reason().startsWith("too small"), small.reason());
            IdentityAudit audit = small.audit().orElseThrow();
            assertTrue(audit.tries().isEmpty(), "never generated");
            assertEquals(IdentityAudit.Verdict.CHANGED, audit.verdict());
        }
    }

    @Test
    void theAlignedCropIsCheckedTheSameWay() {
        StandInBackend backend = new StandInBackend(IdentityFailClosedTest::unchanged);
        try (FaceModels models = FaceModels.of(backend, new StandInRecognizer())) {
            BufferedImage crop = BufferedImageConverter.toBufferedImage(SyntheticFaces.smoothPhoto(96, 96, 9));
            List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
            AlignedAnonymization a = anonymizer(models).anonymizeCrop(crop,
                    CallOptions.builder().progress(events::add).build());
            assertEquals(FaceOutcome.Action.REDACTED, a.action());
            assertTrue(a.reason().startsWith("identity check failed: still matched its input after 3 generations"),
                    a.reason());
            List<IdentityTry> tries = a.audit().orElseThrow().tries();
            long second = new SplittableRandom(SEED).nextLong();
            assertEquals(List.of(SEED, second, new SplittableRandom(second).nextLong()),
                    tries.stream().map(t -> t.seed().getAsLong()).toList(), "the first try uses the config's seed");
            assertEquals(List.of(1, 2, 3), events.stream().map(ProgressEvent::attempt).toList());
            assertEquals(0, a.image().getRGB(48, 48) & 0xFFFFFF, "black-out of the whole crop");
            assertEquals(IdentityAudit.Verdict.CHANGED, a.audit().get().verdict());
            assertEquals(3, backend.requests.size());
        }
    }

    static java.util.stream.Stream<dev.faceanon.align.CoverageAssertions.Hostile> hostile() {
        return dev.faceanon.align.CoverageAssertions.hostileVariants(LARGE).stream();
    }

    /** The box promise holds on the identity path too, next to faces whose landmarks do not fit their box. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("hostile")
    void facesRedactedForTheirIdentityAreCoveredOverTheirWholeBox(dev.faceanon.align.CoverageAssertions.Hostile h) {
        try (FaceModels models = FaceModels.of(new StandInBackend(IdentityFailClosedTest::unchanged),
                new StandInRecognizer())) {
            AnonymizationResult r = anonymizer(models).anonymize(photo(), List.of(SMALL, h.face()));
            FaceOutcome small = r.faces().stream().filter(o -> o.face() == SMALL).findFirst().orElseThrow();
            assertTrue(small.reason().startsWith("identity check failed"), small.reason());
            for (FaceOutcome o : r.faces()) {
                assertEquals(FaceOutcome.Action.REDACTED, o.action());
                assertBoxCovered(r.image(), o.face().box(), c -> c == BLACK, "face " + o.index() + " (" + o.reason()
                        + ")");
            }
        }
    }

    @Test
    void aFaceTheRecognizerDoesNotTellFromABlankGetsNoVerdictAndIsNotRegenerated() {
        StandInBackend backend = new StandInBackend(IdentityFailClosedTest::unchanged);
        try (FaceModels models = FaceModels.of(backend, new StandInRecognizer())) {
            // Mid-grey, as the featureless image the audit compares with: the stand-in sees nobody there.
            BufferedImage grey = BufferedImageConverter.toBufferedImage(SyntheticFaces.uniform(400, 300, 0x808080));
            FaceOutcome o = anonymizer(models).anonymize(grey, List.of(SMALL)).faces().get(0);
            assertEquals(FaceOutcome.Action.ANONYMIZED, o.action());
            IdentityAudit audit = o.audit().orElseThrow();
            assertEquals(IdentityAudit.Verdict.NOT_MEASURED, audit.verdict());
            assertTrue(audit.note().startsWith("the recognizer does not tell this face from a featureless image"
                    + " (distance 0.00, threshold 0.60)"), audit.note());
            assertTrue(audit.tries().isEmpty());
            assertEquals(1, backend.requests.size(), "nothing to check against, so nothing generated again");
        }
    }

    @Test
    void theChecksNeedARecognizer() {
        try (FaceModels models = FaceModels.of(new StandInBackend(IdentityFailClosedTest::unchanged))) {
            assertFalse(models.auditsIdentity());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> models.anonymizer().withIdentityCheck(IdentityCheck.auditOnly()));
            assertTrue(e.getMessage().contains("needs a face recognizer"), e.getMessage());
            assertThrows(IllegalStateException.class, models::keepGallery);
            AnonymizationResult r = models.anonymizer().anonymize(photo(), List.of(SMALL));
            assertTrue(r.faces().get(0).audit().isEmpty(), "no recognizer, no audit");
            assertNotEquals(null, r.image());
        }
    }

    @Test
    void theRecognizerIsClosedWithTheModels() {
        StandInRecognizer recognizer = new StandInRecognizer();
        FaceModels models = FaceModels.of(new StandInBackend(IdentityFailClosedTest::magenta), recognizer);
        assertTrue(models.auditsIdentity());
        models.close();
        assertTrue(recognizer.closed.get());
    }
}
