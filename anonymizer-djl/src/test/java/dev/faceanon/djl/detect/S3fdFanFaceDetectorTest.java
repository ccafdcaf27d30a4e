package dev.faceanon.djl.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.ImageTooLargeException;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.WeightMismatchException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain (reduced-width S3FD and 2DFAN4) against the reference chain of
 * make_fixtures.py, which crops with OpenCV and maps back with numpy's pinv.
 */
class S3fdFanFaceDetectorTest {

    private static S3fdFanFaceDetector open(DetectorOptions options) {
        return S3fdFanFaceDetector.open(DetectFixtures.path("s3fd_w16_legacy.pth"), DetectFixtures.path("fan_w16.zip"),
                Device.cpu(), options, DetectFixtures.WIDTH_DIVISOR);
    }

    @Test
    void facesEqualTheReferenceChain() {
        JsonArray want = DetectFixtures.json("s3fd_w16_expected.json").getAsJsonObject().getAsJsonArray("faces");
        try (S3fdFanFaceDetector detector = open(DetectorOptions.defaults())) {
            List<Face> faces = detector.detect(DetectFixtures.png("scene.png"));
            assertEquals(want.size(), faces.size());
            for (int i = 0; i < faces.size(); i++) {
                JsonObject w = want.get(i).getAsJsonObject();
                Face f = faces.get(i);
                double[] box = DetectFixtures.doubles(w.getAsJsonArray("box"));
                assertEquals(box[0], f.box().x1(), 1e-3);
                assertEquals(box[3], f.box().y2(), 1e-3);
                assertEquals(w.get("score").getAsDouble(), f.score(), 1e-5);
                assertEquals(LandmarkScheme.IBUG_68, f.scheme());
                FanCrop crop = FanCrop.of(f.box());
                assertEquals(w.getAsJsonArray("ul").get(0).getAsLong(), crop.left(), "face " + i + " crop");
                assertEquals(w.getAsJsonArray("br").get(1).getAsLong(), crop.bottom(), "face " + i + " crop");
                JsonArray points = w.getAsJsonArray("landmarks");
                for (int j = 0; j < 68; j++) {
                    JsonArray p = points.get(j).getAsJsonArray();
                    assertEquals(new Point(p.get(0).getAsInt(), p.get(1).getAsInt()), f.landmarks().get(j),
                            "face " + i + " landmark " + j);
                }
            }
        }
    }

    @Test
    void repeatedCallsLeaveNoArraysBehind() {
        BufferedImage scene = DetectFixtures.png("scene.png");
        try (S3fdFanFaceDetector detector = open(DetectorOptions.defaults())) {
            int weights = detector.manager().getManagedArrays().size();
            int fan = detector.landmarkNetwork().manager().getManagedArrays().size();
            List<Face> first = detector.detect(scene);
            for (int i = 0; i < 10; i++) {
                assertEquals(first, detector.detect(scene), "call " + i);
                assertEquals(weights, detector.manager().getManagedArrays().size(), "S3FD arrays after call " + i);
                assertEquals(fan, detector.landmarkNetwork().manager().getManagedArrays().size(),
                        "FAN arrays after call " + i);
            }
        }
    }

    @Test
    void limitsAndLifecycle() {
        try (S3fdFanFaceDetector detector = open(new DetectorOptions(1600, 0.5, 100, 1000))) {
            assertThrows(ImageTooLargeException.class, () -> detector.detect(DetectFixtures.png("scene.png")));
            assertEquals(List.of(), detector.detect(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB)));
            detector.close();
            assertThrows(IllegalStateException.class, () -> detector.detect(DetectFixtures.png("crop_outside.png")));
        }
    }

    @Test
    void aDetectionRacingCloseCompletesOrIsRefusedAndNeverRunsOnFreedNetworks() throws Exception {
        BufferedImage scene = DetectFixtures.png("scene.png");
        List<Face> expected;
        long nanos;
        try (S3fdFanFaceDetector detector = open(DetectorOptions.defaults())) {
            long start = System.nanoTime();
            expected = detector.detect(scene);
            nanos = System.nanoTime() - start;
        }
        ExecutorService thread = Executors.newSingleThreadExecutor();
        int completed = 0;
        int refused = 0;
        try {
            // Close at delays spread over a running detection: close must wait for it, never free its networks.
            for (int i = 0; i < 12; i++) {
                S3fdFanFaceDetector detector = open(DetectorOptions.defaults());
                CountDownLatch started = new CountDownLatch(1);
                Future<List<Face>> call = thread.submit(() -> {
                    started.countDown();
                    return detector.detect(scene);
                });
                started.await();
                TimeUnit.NANOSECONDS.sleep(nanos * i / 10);
                detector.close();
                try {
                    assertEquals(expected, call.get(30, TimeUnit.SECONDS), "a detection racing close, delay " + i);
                    completed++;
                } catch (ExecutionException e) {
                    IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e.getCause(),
                            String.valueOf(e.getCause()));
                    assertTrue(ise.getMessage().startsWith("S3fdFanFaceDetector is closed"), ise.getMessage());
                    refused++;
                }
                IllegalStateException after = assertThrows(IllegalStateException.class, () -> detector.detect(scene));
                assertTrue(after.getMessage().contains("S3fdFanFaceDetector.detect"), after.getMessage());
            }
        } finally {
            thread.shutdownNow();
        }
        assertEquals(12, completed + refused);
        assertTrue(completed > 0, "close let the running detections finish");
    }

    @Test
    void badFilesAreReportedBeforeAnythingRuns(@TempDir Path dir) {
        Path fan = DetectFixtures.path("fan_w16.zip");
        assertThrows(MissingModelFileException.class, () -> S3fdFanFaceDetector.open(dir.resolve("s3fd.pth"), fan,
                Device.cpu(), DetectorOptions.defaults()));
        // The reduced fixture is not the published network: every widened shape is listed.
        WeightMismatchException e = assertThrows(WeightMismatchException.class, () -> S3fdFanFaceDetector.open(
                DetectFixtures.path("s3fd_w16_zip.pth"), fan, Device.cpu(), DetectorOptions.defaults()));
        assertEquals(53, e.misShaped().size());
        assertThrows(MissingModelFileException.class, () -> S3fdFanFaceDetector.open(
                DetectFixtures.path("s3fd_w16_zip.pth"), dir.resolve("fan.zip"), Device.cpu(),
                DetectorOptions.defaults(), DetectFixtures.WIDTH_DIVISOR));
    }
}
