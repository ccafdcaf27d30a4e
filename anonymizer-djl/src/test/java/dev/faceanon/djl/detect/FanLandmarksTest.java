package dev.faceanon.djl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelFileException;
import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript stand-in for 2DFAN4 saved by torch 1.13 (as the published file was saved by torch
 * 1.x), loaded by libtorch 2.7 through the same {@link FanLandmarks#open} as the real network.
 */
class FanLandmarksTest {
    /** Two float32 convolutions of at most 72 terms, summed in another order than torch 1.13's. */
    private static final double TOLERANCE = 1e-5;

    /** The input recipe of make_fixtures.py: ((x·7 + y·3 + c·50) mod 256), as an RGB crop. */
    private static byte[] recipeCrop() {
        byte[] crop = new byte[256 * 256 * 3];
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                for (int c = 0; c < 3; c++) {
                    crop[(y * 256 + x) * 3 + c] = (byte) ((x * 7 + y * 3 + c * 50) % 256);
                }
            }
        }
        return crop;
    }

    private static void assertMatchesTorch(FanHeatmaps hm) {
        JsonObject expected = DetectFixtures.json("fan_expected.json").getAsJsonObject();
        float[] samples = DetectFixtures.float32("fan_heatmaps.f32");
        int every = expected.get("sampleEvery").getAsInt();
        int size = FanHeatmaps.SIZE;
        for (int s = 0; s < samples.length; s++) {
            int flat = s * every;
            float got = hm.value(flat / (size * size), flat / size % size, flat % size);
            assertEquals(samples[s], got, TOLERANCE * Math.max(1, Math.abs(samples[s])), "heatmap value " + flat);
        }
        double sum = 0;
        for (int j = 0; j < FanHeatmaps.COUNT; j++) {
            int best = 0;
            for (int i = 0; i < size * size; i++) {
                sum += hm.value(j, i / size, i % size);
                if (hm.value(j, i / size, i % size) > hm.value(j, best / size, best % size)) {
                    best = i;
                }
            }
            assertEquals(expected.getAsJsonArray("argmax").get(j).getAsInt(), best, "argmax of landmark " + j);
        }
        double wantSum = expected.get("sum").getAsDouble();
        assertEquals(wantSum, sum, 1e-5 * 68 * 64 * 64, "sum of all heatmaps");
    }

    @Test
    void heatmapsMatchTorch() {
        try (FanLandmarks fan = FanLandmarks.open(DetectFixtures.path("fan_tiny.pt"), Device.cpu())) {
            assertMatchesTorch(fan.heatmaps(recipeCrop()));
        }
    }

    @Test
    void aModuleReturningATupleGivesItsLastElement() {
        try (FanLandmarks fan = FanLandmarks.open(DetectFixtures.path("fan_tiny_tuple.pt"), Device.cpu())) {
            assertMatchesTorch(fan.heatmaps(recipeCrop()));
        }
    }

    @Test
    void concurrentCallsShareTheModule() throws Exception {
        byte[] crop = recipeCrop();
        try (FanLandmarks fan = FanLandmarks.open(DetectFixtures.path("fan_tiny.pt"), Device.cpu())) {
            FanHeatmaps reference = fan.heatmaps(crop);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<FanHeatmaps>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    results.add(pool.submit(() -> fan.heatmaps(crop)));
                }
                for (Future<FanHeatmaps> r : results) {
                    FanHeatmaps hm = r.get();
                    for (int j = 0; j < FanHeatmaps.COUNT; j += 7) {
                        assertEquals(reference.value(j, 31, 17), hm.value(j, 31, 17));
                        assertEquals(reference.value(j, 0, 63), hm.value(j, 0, 63));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aBrokenContractIsReported() {
        try (FanLandmarks fan = FanLandmarks.open(DetectFixtures.path("fan_wrong_shape.pt"), Device.cpu())) {
            ModelFileException e = assertThrows(ModelFileException.class, () -> fan.heatmaps(recipeCrop()));
            assertTrue(e.getMessage().contains("(1, 68, 64, 64)"), e.getMessage());
            assertTrue(e.getMessage().contains("(1, 3, 64, 64)"), e.getMessage());
        }
        try (FanLandmarks fan = FanLandmarks.open(DetectFixtures.path("fan_tiny.pt"), Device.cpu())) {
            assertThrows(IllegalArgumentException.class, () -> fan.heatmaps(new byte[10]));
        }
    }

    @Test
    void filesThatAreNotTorchScriptAreRejected(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("2DFAN4-cd938726ad.zip");
        assertThrows(MissingModelFileException.class, () -> FanLandmarks.open(missing, Device.cpu()));

        Path text = Files.writeString(dir.resolve("text.zip"), "not a zip at all");
        WeightFormatException notZip = assertThrows(WeightFormatException.class,
                () -> FanLandmarks.open(text, Device.cpu()));
        assertTrue(notZip.getMessage().contains("TorchScript"), notZip.getMessage());

        // A zip archive, but a state dict rather than a TorchScript module.
        WeightFormatException stateDict = assertThrows(WeightFormatException.class,
                () -> FanLandmarks.open(DetectFixtures.path("s3fd_w16_zip.pth"), Device.cpu()));
        assertTrue(stateDict.getMessage().contains("libtorch cannot load it"), stateDict.getMessage());

        byte[] archive = Files.readAllBytes(DetectFixtures.path("fan_tiny.pt"));
        Path truncated = Files.write(dir.resolve("truncated.zip"), java.util.Arrays.copyOf(archive, archive.length / 2));
        assertThrows(WeightFormatException.class, () -> FanLandmarks.open(truncated, Device.cpu()));
    }
}
