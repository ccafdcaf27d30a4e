package dev.faceanon.djl.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.AnonymizationResult;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceOutcome;
import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.djl.hub.HubSettings;
import dev.faceanon.djl.hub.ModelDownloadException;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.identity.IdentityTry;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.spi.DiffusionBackend;
import dev.faceanon.spi.GenerationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fail-closed identity check with the real recognizer on the real photo: a generator that hands the astronaut's
 * face back unchanged is caught (the recognizer takes the output for the astronaut), the face is generated twice
 * more with the documented seeds and then blacked out, which the recognizer no longer matches. And the recognizer
 * is loaded with the models: from a model directory, from the cache, or a clear error offline.
 */
class IdentityCheckWithRecognizerTest {
    private static final double THRESHOLD = FaceRecognizer.DEFAULT_MATCH_THRESHOLD;

    /** A generator that returns the conditioning crop as it came, recording every request. */
    static final class UnchangedGenerator implements DiffusionBackend {
        final List<GenerationRequest> requests = Collections.synchronizedList(new ArrayList<>());

        @Override
        public int modelSize() {
            return 256;
        }

        @Override
        public RgbImage generate(GenerationRequest request) {
            requests.add(request);
            return request.conditioning();
        }

        @Override
        public String describe() {
            return "unchanged";
        }

        @Override
        public void close() {}
    }

    /** The shared recognizer, which the models must not close. */
    private static FaceRecognizer shared() {
        FaceApiRecognizer r = FaceApiFixtures.recognizer();
        return new FaceRecognizer() {
            @Override
            public FaceDescriptor describe(RgbImage image, Face face) {
                return r.describe(image, face);
            }

            @Override
            public FaceDescriptor describeCrop(RgbImage crop) {
                return r.describeCrop(crop);
            }
        };
    }

    @Test
    void theAstronautHandedBackUnchangedIsGeneratedAgainThenRedacted() {
        UnchangedGenerator generator = new UnchangedGenerator();
        Face face = FaceApiFixtures.astronautFace();
        long seed = 2024;
        try (FaceModels models = FaceModels.of(generator, shared())) {
            AnonymizationResult r = models.anonymizer(DiffusionConfig.builder().seed(seed).build())
                    .anonymize(BufferedImageConverter.toBufferedImage(FaceApiFixtures.astronaut()), List.of(face));
            FaceOutcome o = r.faces().get(0);
            IdentityAudit audit = o.audit().orElseThrow();
            List<IdentityTry> tries = audit.tries();
            System.out.printf("unchanged astronaut: tries %s, after redaction %.3f%n", tries.stream()
                    .map(t -> String.format("%.3f", t.distance())).toList(), audit.distance().getAsDouble());
            assertEquals(3, generator.requests.size(), "generated three times");
            assertEquals(List.of(1, 2, 3), tries.stream().map(IdentityTry::number).toList());
            long first = new SplittableRandom(seed).nextLong();
            long second = new SplittableRandom(first).nextLong();
            assertEquals(List.of(first, second, new SplittableRandom(second).nextLong()),
                    tries.stream().map(t -> t.seed().getAsLong()).toList());
            for (IdentityTry t : tries) {
                // Resampled twice by the crop and the paste, but the same person to the recognizer.
                assertTrue(t.distance() < THRESHOLD / 2, "try " + t.number() + " at " + t.distance());
            }
            assertEquals(FaceOutcome.Action.REDACTED, o.action());
            assertTrue(o.reason().startsWith("identity check failed: still matched its input after 3 generations"),
                    o.reason());
            assertEquals(IdentityAudit.Verdict.CHANGED, audit.verdict());
            assertTrue(audit.distance().getAsDouble() > THRESHOLD, "blacked out: " + audit.distance());
            int nose = r.image().getRGB((int) face.landmarks().get(30).x(), (int) face.landmarks().get(30).y());
            assertEquals(0, nose & 0xFFFFFF, "black-out over the face");
        }
    }

    @Test
    void offlineWithoutTheRecognizerTheErrorSaysHowToFetchItOrSwitchTheAuditOff(@TempDir Path home) {
        HubSettings empty = HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "1"), home);
        ModelOptions options = ModelOptions.builder().variant(ModelVariant.TINY_RANDOM).build();
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> new DjlBackendProvider(empty).openRecognizer(options));
        assertEquals(ModelDownloadException.Reason.OFFLINE_NOT_CACHED, e.reason());
        String m = e.getMessage();
        assertTrue(m.startsWith("The identity audit needs the face recognizer @vladmandic/face-api@1.7.15"), m);
        assertTrue(m.contains("npm pack @vladmandic/face-api@1.7.15"), m);
        assertTrue(m.contains("faceanon fetch-models"), m);
        assertTrue(m.contains("identityAudit(false)") && m.contains("--identity-check off"), m);
    }

    @Test
    void aModelDirectoryHoldingTheTarballServesOffline(@TempDir Path home) throws IOException {
        Path dir = Files.createDirectories(home.resolve("models/face-api"));
        Files.copy(FaceApiFixtures.tarball(), dir.resolve(FaceApiRecognizer.PACKAGE.fileName()));
        HubSettings empty = HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "1"), home);
        ModelOptions options = ModelOptions.builder().directory(home.resolve("models")).allowDownload(false).build();
        try (FaceRecognizer r = new DjlBackendProvider(empty).openRecognizer(options)) {
            FaceApiRecognizer recognizer = assertInstanceOf(FaceApiRecognizer.class, r);
            Face face = FaceApiFixtures.astronautFace();
            RgbImage photo = FaceApiFixtures.astronaut();
            assertEquals(0, recognizer.describe(photo, face).distanceTo(FaceApiFixtures.recognizer().describe(photo,
                    face)), 1e-6);
        }
    }
}
