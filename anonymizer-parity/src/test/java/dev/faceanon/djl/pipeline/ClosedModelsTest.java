package dev.faceanon.djl.pipeline;

import static dev.faceanon.djl.pipeline.TinyPipelineFixtures.config;
import static dev.faceanon.djl.pipeline.TinyPipelineFixtures.goldenFace;
import static dev.faceanon.djl.pipeline.TinyPipelineFixtures.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.CallOptions;
import dev.faceanon.CancellationToken;
import dev.faceanon.CancelledException;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceSwapper;
import dev.faceanon.IdentityFace;
import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import dev.faceanon.ProgressEvent;
import dev.faceanon.ProgressListener;
import dev.faceanon.djl.model.TinyRandomModel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.face.Face;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.SeededNoiseSource;
import dev.faceanon.spi.DiffusionBackend;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closed models on the real backend ({@link ModelVariant#TINY_RANDOM}): every entry point throws
 * {@link IllegalStateException} naming what was called, and close waits for a running generation,
 * which completes, so native memory is never freed under it.
 */
class ClosedModelsTest {
    private static final int SIZE = 128;
    private static final ModelOptions OPTIONS = ModelOptions.builder().variant(ModelVariant.TINY_RANDOM)
            .device("cpu").precision(Precision.FLOAT32).build();

    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), "latch never released");
        } catch (InterruptedException e) {
            throw new CancelledException("interrupted");
        }
    }

    /** Holds a generation at its first denoising step until released. */
    private static final class HoldingListener implements ProgressListener {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onProgress(ProgressEvent event) {
            if (event.stage() == ProgressEvent.Stage.DENOISING && event.completed() == 1) {
                entered.countDown();
                await(release);
            }
        }
    }

    private static void assertClosed(String call, Executable executable) {
        IllegalStateException e = assertThrows(IllegalStateException.class, executable, call);
        assertTrue(e.getMessage().contains("is closed") && e.getMessage().contains(call), call + ": " + e.getMessage());
    }

    /** Waits for a refused call; the refusal must come at once, not after the running call. */
    private static void assertRefusedAtOnce(String call, Future<?> refused) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("is closed") && e.getCause().getMessage().contains(call),
                e.getCause().getMessage());
    }

    @Test
    void everyEntryPointOfClosedModelsThrowsIllegalStateException() {
        InTheWildPhoto.Scene scene = InTheWildPhoto.scene();
        BufferedImage photo = BufferedImageConverter.toBufferedImage(scene.photo());
        List<Face> faces = scene.faces();
        BufferedImage face = goldenFace("input.conditioning_image_u8");
        FaceModels models = FaceModels.load(OPTIONS);
        FaceAnonymizer anonymizer = models.anonymizer(config(1)).withMinimumFaceSize(1);
        FaceSwapper swapper = models.swapper(config(1)).withMinimumFaceSize(1);
        IdentityFace identity = swapper.identityOf(photo, faces.get(0));
        models.close();
        models.close();
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("FaceAnonymizer.anonymize", () -> anonymizer.anonymize(photo, faces));
        calls.put("FaceAnonymizer.anonymizeAligned", () -> anonymizer.anonymizeAligned(face));
        calls.put("FaceAnonymizer.withFallback", () -> anonymizer.withFallback(new dev.faceanon.redact.BlackOut()));
        calls.put("FaceModels.anonymizer", models::anonymizer);
        calls.put("FaceModels.swapper", models::swapper);
        calls.put("FaceModels.modelSize", models::modelSize);
        calls.put("FaceModels.describe", models::describe);
        calls.put("FaceSwapper.identityOf", () -> swapper.identityOf(photo, faces.get(1)));
        calls.put("FaceSwapper.swap", () -> swapper.swap(identity, photo, faces));
        calls.put("IdentityFace.crop", identity::crop);
        calls.forEach(ClosedModelsTest::assertClosed);
        assertClosed("FaceSwapper.swap", () -> swapper.swap(face, face));
        assertClosed("FaceAnonymizer.anonymize", () -> anonymizer.anonymize(photo, List.of()));
    }

    @Test
    void closeWaitsForARunningGenerationWhichCompletes() throws Exception {
        BufferedImage face = goldenFace("input.conditioning_image_u8");
        FaceModels models = FaceModels.load(OPTIONS);
        FaceAnonymizer anonymizer = models.anonymizer(config(2));
        HoldingListener holding = new HoldingListener();
        Future<BufferedImage> running = threads.submit(() -> anonymizer.anonymizeAligned(face,
                CallOptions.builder().progress(holding).build()));
        await(holding.entered);
        Future<?> closing = threads.submit(models::close);
        assertThrows(TimeoutException.class, () -> closing.get(500, TimeUnit.MILLISECONDS),
                "close returned while a generation was running");
        assertRefusedAtOnce("FaceAnonymizer.anonymizeAligned", threads.submit(() -> anonymizer.anonymizeAligned(face)));
        holding.release.countDown();
        BufferedImage out = running.get(60, TimeUnit.SECONDS);
        assertEquals(SIZE, out.getWidth());
        assertFalse(java.util.Arrays.equals(pixels(face), pixels(out)), "the running call generated a face");
        closing.get(60, TimeUnit.SECONDS);
        assertClosed("FaceModels.anonymizer", models::anonymizer);
    }

    private static GenerationRequest request(RgbImage input, ProgressListener progress) {
        return new GenerationRequest(GenerationMode.ANONYMIZE, input, input, config(3), new SeededNoiseSource(3),
                progress, new CancellationToken(), 0);
    }

    @Test
    void theBackendRefusesCallsAfterCloseAndCloseWaitsForARunningCall() throws Exception {
        RgbImage input = new BufferedImageConverter().toRgbImage(goldenFace("input.conditioning_image_u8"));
        DiffusionBackend backend = DjlBackendProvider.openTinyRandom(OPTIONS, null);
        byte[] expected = backend.generate(request(input, ProgressListener.NONE)).toByteArray();
        HoldingListener holding = new HoldingListener();
        Future<RgbImage> running = threads.submit(() -> backend.generate(request(input, holding)));
        await(holding.entered);
        Future<?> closing = threads.submit(backend::close);
        assertThrows(TimeoutException.class, () -> closing.get(500, TimeUnit.MILLISECONDS),
                "the backend freed its networks under a running generation");
        assertRefusedAtOnce("DjlDiffusionBackend.generate",
                threads.submit(() -> backend.generate(request(input, ProgressListener.NONE))));
        holding.release.countDown();
        assertArrayEquals(expected, running.get(60, TimeUnit.SECONDS).toByteArray(),
                "the running call completed as it would have without the close");
        closing.get(60, TimeUnit.SECONDS);
        assertClosed("DjlDiffusionBackend.generate", () -> backend.generate(request(input, ProgressListener.NONE)));
        assertClosed("DjlDiffusionBackend.modelSize", backend::modelSize);
        assertClosed("DjlDiffusionBackend.describe", backend::describe);
        backend.close();
    }

    @Test
    void thePipelineRefusesCallsAfterClose(@TempDir Path dir) throws Exception {
        RgbImage input = new BufferedImageConverter().toRgbImage(goldenFace("input.conditioning_image_u8"));
        try (NDManager root = NDManager.newBaseManager()) {
            ReferenceNetPipeline pipeline = PipelineLoader.load(TinyRandomModel.standard().writeTo(dir), root,
                    DataType.FLOAT32, AttentionOptions.defaults(true));
            assertEquals(SIZE, pipeline.generate(request(input, ProgressListener.NONE), PipelineTrace.NONE).width());
            pipeline.close();
            pipeline.close();
            assertClosed("ReferenceNetPipeline.generate",
                    () -> pipeline.generate(request(input, ProgressListener.NONE), PipelineTrace.NONE));
            assertClosed("ReferenceNetPipeline.latentScale", pipeline::latentScale);
        }
    }
}
