package dev.faceanon.djl.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.image.RgbImage;
import dev.faceanon.djl.weights.TorchCheckpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detection chain on the reduced-width S3FD fixture against the reference post-processing in
 * make_fixtures.py (numpy decoding, greedy NMS, filter).
 */
class S3fdDetectorTest {
    /** Box corners: loc offsets within 1e-4 relative, times 0.1·(anchor ≤ 512 px), stay far below. */
    private static final double BOX_TOLERANCE = 1e-3;
    private static final double SCORE_TOLERANCE = 1e-5;

    private static NDManager manager;
    private static S3fd network;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(DetectFixtures.path("s3fd_w16_legacy.pth"))) {
            network = S3fd.load(checkpoint, manager, DetectFixtures.WIDTH_DIVISOR);
        }
    }

    @AfterAll
    static void close() {
        network.close();
        manager.close();
    }

    private static JsonObject expected() {
        return DetectFixtures.json("s3fd_w16_expected.json").getAsJsonObject();
    }

    private static void assertBox(double[] want, BoundingBox got, String what) {
        assertEquals(want[0], got.x1(), BOX_TOLERANCE, what + " x1");
        assertEquals(want[1], got.y1(), BOX_TOLERANCE, what + " y1");
        assertEquals(want[2], got.x2(), BOX_TOLERANCE, what + " x2");
        assertEquals(want[3], got.y2(), BOX_TOLERANCE, what + " y2");
    }

    @Test
    void candidatesAreTheReferencesInItsOrder() {
        JsonArray want = expected().getAsJsonArray("candidates");
        List<ScoredBox> got;
        try (NDManager call = manager.newSubManager()) {
            got = S3fdDetector.candidates(network.forward(S3fdDetector.preprocess(DetectFixtures.rgb("scene.png"),
                    call)));
        }
        assertEquals(want.size(), got.size(), "candidates above 0.05");
        for (int i = 0; i < got.size(); i++) {
            double[] w = DetectFixtures.doubles(want.get(i).getAsJsonArray());
            assertBox(w, got.get(i).box(), "candidate " + i);
            assertEquals(w[4], got.get(i).score(), SCORE_TOLERANCE, "candidate " + i + " score");
        }
    }

    @Test
    void detectionsAreTheReferencesAfterNmsAndFilter() {
        S3fdDetector detector = new S3fdDetector(network, DetectorOptions.defaults(), manager);
        List<ScoredBox> got = detector.detect(DetectFixtures.rgb("scene.png"));
        JsonArray want = expected().getAsJsonArray("faces");
        assertEquals(want.size(), got.size());
        assertTrue(got.size() >= 3, "the fixture is tuned to give several faces");
        for (int i = 0; i < got.size(); i++) {
            JsonObject w = want.get(i).getAsJsonObject();
            assertBox(DetectFixtures.doubles(w.getAsJsonArray("box")), got.get(i).box(), "face " + i);
            assertEquals(w.get("score").getAsDouble(), got.get(i).score(), SCORE_TOLERANCE, "face " + i + " score");
        }
    }

    @Test
    void theCandidateCapKeepsTheBest() {
        DetectorOptions one = new DetectorOptions(1600, 0.5, 1, DetectorOptions.defaults().maxImagePixels());
        List<ScoredBox> got = new S3fdDetector(network, one, manager).detect(DetectFixtures.rgb("scene.png"));
        JsonElement best = expected().getAsJsonArray("faces").get(0);
        assertEquals(1, got.size());
        assertEquals(best.getAsJsonObject().get("score").getAsDouble(), got.get(0).score(), SCORE_TOLERANCE);
    }

    @Test
    void largePhotosAreDetectedAtTheBoundAndMappedBack() {
        int w = 6000;
        int h = 4000;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0, i = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[i++] = (byte) (128 + 100 * Math.sin(x / 90.0));
                rgb[i++] = (byte) (128 + 90 * Math.cos((x + 2 * y) / 170.0));
                rgb[i++] = (byte) ((x ^ y) >> 4);
            }
        }
        RgbImage photo = RgbImage.of(w, h, rgb);
        S3fdDetector detector = new S3fdDetector(network, DetectorOptions.defaults(), manager);
        DetectionScale scale = DetectionScale.fit(w, h, DetectorOptions.DEFAULT_MAX_DETECTION_SIDE);
        RgbImage seen = S3fdDetector.networkInput(photo, scale);
        assertEquals(1600, seen.width(), "the network sees at most the bound");
        assertEquals(1067, seen.height());

        List<ScoredBox> onPhoto = detector.detect(photo);
        List<ScoredBox> onSeen = detector.detect(seen);
        assertEquals(onSeen.size(), onPhoto.size());
        assertTrue(onPhoto.size() > 0, "random weights find boxes on any texture");
        List<BoundingBox> mapped = new ArrayList<>();
        for (int i = 0; i < onSeen.size(); i++) {
            BoundingBox b = onSeen.get(i).box();
            mapped.add(new BoundingBox(b.x1() * 3.75, b.y1() * 4000 / 1067, b.x2() * 3.75, b.y2() * 4000 / 1067));
            assertEquals(onSeen.get(i).score(), onPhoto.get(i).score());
        }
        for (int i = 0; i < mapped.size(); i++) {
            BoundingBox m = mapped.get(i);
            assertBox(new double[] {m.x1(), m.y1(), m.x2(), m.y2()}, onPhoto.get(i).box(), "mapped box " + i);
        }
    }

    @Test
    void photosTooSmallForTheNetworkHaveNoFaces() {
        S3fdDetector detector = new S3fdDetector(network, DetectorOptions.defaults(), manager);
        assertEquals(List.of(), detector.detect(RgbImage.of(31, 200, new byte[31 * 200 * 3])));
        // A strip that only becomes too thin after shrinking to the bound.
        assertEquals(List.of(), new S3fdDetector(network, DetectorOptions.defaults().withMaxDetectionSide(100), manager)
                .detect(RgbImage.of(400, 100, new byte[400 * 100 * 3])));
    }

    /**
     * Offsets whose exponential underflows give boxes of no width or height: they cover no pixel,
     * and 2DFAN4 cannot crop them, so they are not faces (dropped before NMS) rather than a failed
     * image.
     */
    @Test
    void boxesWithoutAreaAreNotCandidates() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDList outputs = new NDList();
            float[][] loc = {
                {0f, 0f, -1000f, 0f}, // width underflows to 0
                {0f, 0f, 0f, -1000f}, // height underflows to 0
                {0f, 0f, -1000f, -1000f}, // both
                {0f, 0f, 0f, 0f}, // the prior itself: kept
                {0f, 0f, 1000f, 0f}, // width overflows: not finite, dropped as before
                {0.5f, -0.5f, 0.1f, -0.1f}, // kept
            };
            for (int level = 0; level < S3fd.LEVELS; level++) {
                outputs.add(m.create(new float[] {0f, 10f}, new Shape(1, 2, 1, 1)));
                outputs.add(m.create(loc[level], new Shape(1, 4, 1, 1)));
            }
            List<ScoredBox> found = S3fdDetector.candidates(outputs);
            assertEquals(2, found.size(), found.toString());
            for (ScoredBox b : found) {
                assertTrue(b.box().x2() > b.box().x1() && b.box().y2() > b.box().y1(), b.toString());
                // The first kept one is level 3's prior: stride 32, anchor 128, centred at (16, 16).
            }
            assertBox(new double[] {-48, -48, 80, 80}, found.get(0).box(), "level 3 prior");
        }
    }
}
