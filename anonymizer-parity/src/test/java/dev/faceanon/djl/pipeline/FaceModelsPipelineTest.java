package dev.faceanon.djl.pipeline;

import static dev.faceanon.djl.pipeline.TinyPipelineFixtures.config;
import static dev.faceanon.djl.pipeline.TinyPipelineFixtures.goldenFace;
import static dev.faceanon.djl.pipeline.TinyPipelineFixtures.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.CallOptions;
import dev.faceanon.CancellationToken;
import dev.faceanon.CancelledException;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceModels;
import dev.faceanon.ModelOptions;
import dev.faceanon.Precision;
import dev.faceanon.ProgressEvent;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.golden.GoldenModelDirectory;
import dev.faceanon.djl.model.ModelLayout;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.model.ModelFileException;
import dev.faceanon.noise.SeededNoiseSource;
import dev.faceanon.sampling.SamplerKind;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API end to end on the golden tiny networks, laid out as the published repositories
 * and loaded through {@link java.util.ServiceLoader}: the backend path real weights take.
 */
class FaceModelsPipelineTest {
    private static final int SIZE = 128;

    @TempDir
    static Path dir;
    private static FaceModels models;
    private static BufferedImage face;

    @BeforeAll
    static void load() throws Exception {
        GoldenModelDirectory.create(GoldenDirectory.fromSystemProperty(), dir);
        models = FaceModels.load(ModelOptions.builder().directory(dir).imageSize(SIZE).device("cpu")
                .precision(Precision.FLOAT32).build());
        face = goldenFace("input.conditioning_image_u8");
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void describesItself() {
        assertEquals(SIZE, models.modelSize());
        assertTrue(models.describe().contains("cpu"), models.describe());
    }

    @Test
    void aFixedSeedGivesTheSameOutputAndOtherSeedsDiffer() {
        FaceAnonymizer a = models.anonymizer(config(7));
        byte[] first = pixels(a.anonymizeAligned(face));
        byte[] second = pixels(a.anonymizeAligned(face));
        byte[] other = pixels(models.anonymizer(config(8)).anonymizeAligned(face));
        assertArrayEquals(first, second);
        assertFalse(java.util.Arrays.equals(first, other));
        assertFalse(java.util.Arrays.equals(first, pixels(face)), "the face must change");
    }

    @Test
    void degreeZeroWithIdenticalImagesIsTheSwapOfTheFaceOntoItself() {
        DiffusionConfig keep = config(3).toBuilder().anonymizationDegree(0).build();
        byte[] anonymized = pixels(models.anonymizer(keep).anonymizeAligned(face));
        byte[] reconstructed = pixels(models.swapper(keep).swap(face, face));
        assertArrayEquals(reconstructed, anonymized);
        // ... and a degree > 0 is a different computation.
        assertFalse(java.util.Arrays.equals(anonymized, pixels(models.anonymizer(config(3)).anonymizeAligned(face))));
    }

    @Test
    void everySamplerRuns() {
        for (SamplerKind kind : SamplerKind.values()) {
            BufferedImage out = models.anonymizer(config(1).toBuilder().sampler(kind).build()).anonymizeAligned(face);
            assertEquals(SIZE, out.getWidth(), kind.name());
        }
    }

    @Test
    void reportsProgressInOrder() {
        List<ProgressEvent> events = new ArrayList<>();
        models.anonymizer(config(1)).anonymizeAligned(face, CallOptions.builder().progress(events::add).build());
        assertEquals(6, events.size(), events.toString());
        assertEquals(ProgressEvent.Stage.CONDITIONING, events.get(0).stage());
        for (int i = 1; i <= 4; i++) {
            assertEquals(new ProgressEvent(ProgressEvent.Stage.DENOISING, i, 4, 0), events.get(i));
        }
        assertEquals(ProgressEvent.Stage.DECODING, events.get(5).stage());
    }

    @Test
    void acceptsAnyImageTypeAndSizeAndAnswersInTheInputSize() {
        BufferedImage gray = new BufferedImage(100, 90, BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(face, 0, 0, 100, 90, null);
        BufferedImage out = models.anonymizer(config(2)).anonymizeAligned(gray);
        assertEquals(100, out.getWidth());
        assertEquals(90, out.getHeight());
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, out.getType());
        BufferedImage alpha = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        alpha.getGraphics().drawImage(face, 0, 0, null);
        // Alpha is dropped as PIL's convert("RGB") does: same pixels, same result.
        assertArrayEquals(pixels(models.anonymizer(config(2)).anonymizeAligned(face)),
                pixels(models.anonymizer(config(2)).anonymizeAligned(alpha)));
    }

    @Test
    void concurrentCallsGiveTheSequentialResults() throws Exception {
        FaceAnonymizer a = models.anonymizer(config(11));
        FaceAnonymizer b = models.anonymizer(config(12));
        byte[] expectedA = pixels(a.anonymizeAligned(face));
        byte[] expectedB = pixels(b.anonymizeAligned(face));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<byte[]> fa = pool.submit(() -> pixels(a.anonymizeAligned(face)));
            Future<byte[]> fb = pool.submit(() -> pixels(b.anonymizeAligned(face)));
            assertArrayEquals(expectedA, fa.get());
            assertArrayEquals(expectedB, fb.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cancellationStopsMidRunAndTheNextCallWorks() {
        CancellationToken token = new CancellationToken();
        List<ProgressEvent> events = new ArrayList<>();
        CallOptions options = CallOptions.builder().cancellation(token).progress(e -> {
            events.add(e);
            if (e.stage() == ProgressEvent.Stage.DENOISING && e.completed() == 2) {
                token.cancel();
            }
        }).build();
        FaceAnonymizer a = models.anonymizer(config(5));
        assertThrows(CancelledException.class, () -> a.anonymizeAligned(face, options));
        assertEquals(3, events.size(), "stopped right after the second step: " + events);
        assertEquals(SIZE, a.anonymizeAligned(face).getWidth());
    }

    @Test
    void repeatedAndCancelledCallsLeaveNativeMemoryFlat() {
        try (NDManager root = NDManager.newBaseManager();
                ReferenceNetPipeline pipeline = PipelineLoader.load(ModelLayout.fromRoot(dir), root,
                        DataType.FLOAT32, AttentionOptions.defaults(true))) {
            RgbImage input = new BufferedImageConverter().toRgbImage(face);
            GenerationRequest warm = request(input, new CancellationToken(), 0);
            pipeline.generate(warm, PipelineTrace.NONE);
            int before = root.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                pipeline.generate(request(input, new CancellationToken(), i), PipelineTrace.NONE);
            }
            assertEquals(before, root.getManagedArrays().size(), "arrays left behind by 20 calls");
            CancellationToken cancelled = new CancellationToken();
            cancelled.cancel();
            assertThrows(CancelledException.class, () -> pipeline.generate(request(input, cancelled, 0),
                    PipelineTrace.NONE));
            assertEquals(before, root.getManagedArrays().size(), "arrays left behind by a cancelled call");
        }
    }

    private static GenerationRequest request(RgbImage input, CancellationToken token, long seed) {
        return new GenerationRequest(GenerationMode.ANONYMIZE, input, input,
                config(seed).toBuilder().sampler(SamplerKind.DDPM).build(), new SeededNoiseSource(seed),
                e -> { }, token, 0);
    }

    @Test
    void aMissingModelDirectoryNamesEveryMissingFile(@TempDir Path empty) {
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> FaceModels.load(ModelOptions.builder().directory(empty).device("cpu").build()));
        assertTrue(e.getMessage().contains("unet") && e.getMessage().contains("preprocessor_config.json"),
                e.getMessage());
    }

    @Test
    void closedModelsRefuseCalls() throws Exception {
        try (FaceModels other = FaceModels.load(ModelOptions.builder().directory(dir).imageSize(SIZE).device("cpu")
                .build())) {
            FaceAnonymizer a = other.anonymizer(config(1));
            other.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.anonymizeAligned(face));
            assertTrue(e.getMessage().contains("closed"));
        }
    }
}
