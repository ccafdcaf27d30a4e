package dev.faceanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faceanon.align.PasteBack;
import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.Redaction;
import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closed models are a programming error everywhere: every public method of {@link FaceModels} and
 * of the anonymizers, swappers and identities made from it throws {@link IllegalStateException}
 * after {@link FaceModels#close()}; close waits for running calls, so the backend and detector are
 * never freed under one.
 */
class FaceModelsLifecycleTest {
    private static final Face FACE = SyntheticFaces.face68(SyntheticFaces.placement(80, 0, 100, 80));
    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static BufferedImage photo() {
        return new BufferedImage(200, 160, BufferedImage.TYPE_3BYTE_BGR);
    }

    /** A detector that finds {@link #FACE} and records its calls and closing. */
    private static final class RecordingDetector implements FaceDetector {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;

        RecordingDetector(boolean block) {
            release = new CountDownLatch(block ? 1 : 0);
        }

        @Override
        public List<Face> detect(BufferedImage image) {
            events.add("detect");
            entered.countDown();
            await(release);
            events.add("detected");
            return List.of(FACE);
        }

        @Override
        public void close() {
            events.add("close");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(20, TimeUnit.SECONDS), "latch never released");
        } catch (InterruptedException e) {
            throw new CancelledException("interrupted");
        }
    }

    private static Object argument(Class<?> type, IdentityFace identity) {
        Map<Class<?>, Supplier<Object>> values = Map.ofEntries(
                Map.entry(BufferedImage.class, FaceModelsLifecycleTest::photo),
                Map.entry(List.class, () -> List.of(FACE)), Map.entry(CallOptions.class, CallOptions::defaults),
                Map.entry(Face.class, () -> FACE), Map.entry(IdentityFace.class, () -> identity),
                Map.entry(DiffusionConfig.class, DiffusionConfig::defaults), Map.entry(Redaction.class, BlackOut::new),
                Map.entry(PasteBack.class, PasteBack::feathered), Map.entry(int.class, () -> 32),
                Map.entry(double.class, () -> 0.6),
                Map.entry(dev.faceanon.identity.IdentityCheck.class, dev.faceanon.identity.IdentityCheck::defaults),
                Map.entry(dev.faceanon.identity.KeepGallery.class, dev.faceanon.identity.KeepGallery::empty));
        Supplier<Object> value = values.get(type);
        if (value == null) {
            fail("no test argument for a parameter of type " + type.getName() + ": add one so that the new method"
                    + " is checked after close");
        }
        return value.get();
    }

    @Test
    void everyPublicMethodThrowsIllegalStateExceptionAfterClose() throws Exception {
        RecordingDetector detector = new RecordingDetector(false);
        StandInBackend backend = new StandInBackend(StandInBackend::invert);
        FaceModels models = FaceModels.of(backend, detector);
        FaceAnonymizer anonymizer = models.anonymizer();
        FaceSwapper swapper = models.swapper();
        IdentityFace identity = swapper.identityOf(photo());
        models.close();
        int requests = backend.requests.size();
        Map<Object, Class<?>> targets = Map.of(models, FaceModels.class, anonymizer, FaceAnonymizer.class,
                swapper, FaceSwapper.class, identity, IdentityFace.class);
        Set<String> exempt = Set.of("close", "toString", "equals", "hashCode");
        int checked = 0;
        for (Map.Entry<Object, Class<?>> target : targets.entrySet()) {
            for (Method m : target.getValue().getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())
                        || exempt.contains(m.getName())) {
                    continue;
                }
                Object[] args = new Object[m.getParameterCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = argument(m.getParameterTypes()[i], identity);
                }
                String name = target.getValue().getSimpleName() + "." + m.getName();
                try {
                    m.invoke(target.getKey(), args);
                    fail(name + " returned normally on closed models");
                } catch (InvocationTargetException e) {
                    IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause(), name);
                    assertTrue(ise.getMessage().contains("FaceModels is closed"), name + ": " + ise.getMessage());
                    assertTrue(ise.getMessage().contains(name), name + ": " + ise.getMessage());
                }
                checked++;
            }
        }
        assertTrue(checked >= 25, "only " + checked + " methods checked");
        assertEquals(requests, backend.requests.size(), "nothing reached the backend after close");
        assertEquals(List.of("detect", "detected", "close"), detector.events, "the detector was not used after close");
        assertEquals("IdentityFace[64x64 crop]", identity.toString(), "toString still works, for logs");
    }

    @Test
    void closeIsIdempotentAndClosesBackendAndDetectorOnce() {
        int[] backendClosed = {0};
        StandInBackend backend = new StandInBackend(StandInBackend::invert).onClose(() -> backendClosed[0]++);
        RecordingDetector detector = new RecordingDetector(false);
        FaceModels models = FaceModels.of(backend, detector);
        models.anonymizer().anonymize(photo());
        models.close();
        models.close();
        assertEquals(1, backendClosed[0]);
        assertEquals(List.of("detect", "detected", "close"), detector.events);
    }

    @Test
    void closeWaitsForARunningGenerationAndLaterCallsFailAtOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        StandInBackend backend = new StandInBackend(req -> {
            entered.countDown();
            await(release);
            events.add("generated");
            return StandInBackend.invert(req);
        }).onClose(() -> events.add("backend closed"));
        FaceModels models = FaceModels.of(backend);
        FaceAnonymizer anonymizer = models.anonymizer();
        Future<AnonymizationResult> running = threads.submit(() -> anonymizer.anonymize(photo(), List.of(FACE)));
        await(entered);
        Future<?> closing = threads.submit(models::close);
        assertThrows(TimeoutException.class, () -> closing.get(300, TimeUnit.MILLISECONDS),
                "close returned while a generation was running");
        // A call made while close waits is refused at once rather than queued behind it.
        Future<BufferedImage> late = threads.submit(() -> anonymizer.anonymizeAligned(photo()));
        Exception refused = assertThrows(Exception.class, () -> late.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, refused.getCause(), String.valueOf(refused));
        assertTrue(refused.getCause().getMessage().contains("FaceModels is closed"), refused.getCause().getMessage());
        assertFalse(events.contains("backend closed"));
        release.countDown();
        AnonymizationResult result = running.get(20, TimeUnit.SECONDS);
        assertTrue(result.allAnonymized(), "the running call completes: " + result.faces());
        closing.get(20, TimeUnit.SECONDS);
        assertEquals(List.of("generated", "backend closed"), events);
    }

    @Test
    void closeWaitsForARunningDetection() throws Exception {
        RecordingDetector detector = new RecordingDetector(true);
        FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert), detector);
        FaceAnonymizer anonymizer = models.anonymizer();
        Future<AnonymizationResult> running = threads.submit(() -> anonymizer.anonymize(photo()));
        await(detector.entered);
        Future<?> closing = threads.submit(models::close);
        assertThrows(TimeoutException.class, () -> closing.get(300, TimeUnit.MILLISECONDS),
                "close returned while a detection was running");
        assertEquals(List.of("detect"), detector.events, "the detector was closed under a running detection");
        detector.release.countDown();
        assertEquals(1, running.get(20, TimeUnit.SECONDS).faces().size());
        closing.get(20, TimeUnit.SECONDS);
        assertEquals(List.of("detect", "detected", "close"), detector.events);
    }

    @Test
    void closingFromWithinACallIsRefusedInsteadOfDeadlocking() throws Exception {
        FaceModels[] holder = new FaceModels[1];
        StandInBackend backend = new StandInBackend(req -> {
            req.progress().onProgress(new ProgressEvent(ProgressEvent.Stage.DENOISING, 1, 1, 0));
            return StandInBackend.invert(req);
        });
        FaceModels models = FaceModels.of(backend);
        holder[0] = models;
        CallOptions closingListener = CallOptions.builder().progress(e -> holder[0].close()).build();
        Future<BufferedImage> call = threads.submit(() -> models.anonymizer().anonymizeAligned(photo(),
                closingListener));
        // Not closed on failure: a deadlocked call would make close() wait forever.
        Exception e = assertThrows(Exception.class, () -> call.get(10, TimeUnit.SECONDS));
        IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause(), String.valueOf(e));
        assertTrue(ise.getMessage().contains("within a call"), ise.getMessage());
        assertEquals(200, models.anonymizer().anonymizeAligned(photo()).getWidth(), "the models stay usable");
        models.close();
    }
}
