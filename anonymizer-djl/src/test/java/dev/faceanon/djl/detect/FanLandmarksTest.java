package dev.faceanon.djl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TorchCheckpoint;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.WeightFormatException;
import dev.faceanon.model.WeightMismatchException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2DFAN4 computed in Java from the tensors of a TorchScript archive saved by torch 1.13 (as the
 * published file was saved by torch 1.x), against the archive run by torch itself
 * (make_fan_fixtures.py); and the guarantee that no code of an archive ever runs.
 */
class FanLandmarksTest {
    /**
     * Relative to the largest heatmap value. Float32 through 4 stacks of about 60 convolutions each
     * (up to 2304 terms per sum), with batch norms folded by the Java side instead of torch's
     * kernel: the largest difference measured is between 1e-7 and 1e-6 of the scale (2e-6 on a
     * value of 0.82); 1e-5 leaves room for other CPUs' kernels and still catches any wrong weight,
     * order or operator, which move values by 1e-2 or more.
     */
    private static final double TOLERANCE = 1e-5;
    private static final String PLACEHOLDER = "FACEANON_ATTACK_TARGET_PLACEHOLDER";

    /** The input recipe of make_fan_fixtures.py: ((x·7 + y·3 + c·50) mod 256), as an RGB crop. */
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

    private static FanLandmarks openFixture() {
        return FanLandmarks.open(DetectFixtures.path("fan_w16.zip"), Device.cpu(), DetectFixtures.WIDTH_DIVISOR);
    }

    @Test
    void heatmapsMatchTheArchiveRunByTorch() {
        JsonObject expected = DetectFixtures.json("fan_w16_expected.json").getAsJsonObject();
        assertEquals(DetectFixtures.WIDTH_DIVISOR, expected.get("widthDivisor").getAsInt());
        float[] samples = DetectFixtures.float32("fan_w16_heatmaps.f32");
        int every = expected.get("sampleEvery").getAsInt();
        int size = FanHeatmaps.SIZE;
        assertEquals((FanHeatmaps.COUNT * size * size + every - 1) / every, samples.length);
        double scale = 0;
        for (float v : samples) {
            scale = Math.max(scale, Math.abs(v));
        }
        try (FanLandmarks fan = openFixture()) {
            FanHeatmaps hm = fan.heatmaps(recipeCrop());
            for (int s = 0; s < samples.length; s++) {
                int flat = s * every;
                float got = hm.value(flat / (size * size), flat / size % size, flat % size);
                assertEquals(samples[s], got, TOLERANCE * scale, "heatmap value " + flat);
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
            assertEquals(expected.get("sum").getAsDouble(), sum, TOLERANCE * scale * size * size, "sum of heatmaps");
        }
    }

    @Test
    void theArchiveHoldsExactlyTheTensorsTheNetworkAsksFor() throws IOException {
        try (TorchCheckpoint archive = TorchCheckpoint.openTorchScriptWeights(DetectFixtures.path("fan_w16.zip"))) {
            assertEquals(TorchCheckpoint.Format.TORCHSCRIPT, archive.format());
            Map<String, List<Long>> found = new TreeMap<>();
            for (TensorInfo t : archive.tensors()) {
                if (!t.name().endsWith(".num_batches_tracked")) {
                    found.put(t.name(), boxed(t.shape()));
                }
            }
            assertEquals(shapes(Fan.expectedParameters(DetectFixtures.WIDTH_DIVISOR)), found);
        }
    }

    /** The full-width parameter list equals the one torch gives for the same architecture. */
    @Test
    void thePublishedWidthsMatchTheManifest() {
        Map<String, List<Long>> manifest = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : DetectFixtures.json("fan_manifest.json").getAsJsonObject().entrySet()) {
            if (!e.getKey().endsWith(".num_batches_tracked")) {
                List<Long> shape = new ArrayList<>();
                e.getValue().getAsJsonArray().forEach(d -> shape.add(d.getAsLong()));
                manifest.put(e.getKey(), shape);
            }
        }
        Map<String, List<Long>> expected = shapes(Fan.expectedParameters());
        assertEquals(manifest, expected);
        long parameters = expected.values().stream().mapToLong(s -> s.stream().reduce(1L, (a, b) -> a * b)).sum();
        // 2DFAN4 as published: about 24 M values, the 92 MB of the archive in float32.
        assertTrue(parameters > 23_000_000 && parameters < 25_000_000, "parameter count " + parameters);
    }

    private static Map<String, List<Long>> shapes(List<ParameterSpec> specs) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (ParameterSpec p : specs) {
            out.put(p.key(), boxed(p.shape()));
        }
        return out;
    }

    private static List<Long> boxed(long[] shape) {
        List<Long> out = new ArrayList<>();
        for (long d : shape) {
            out.add(d);
        }
        return out;
    }

    @Test
    void concurrentCallsShareTheNetworkAndLeaveNoArraysBehind() throws Exception {
        byte[] crop = recipeCrop();
        try (FanLandmarks fan = openFixture()) {
            int weights = fan.manager().getManagedArrays().size();
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
            for (int i = 0; i < 5; i++) {
                fan.heatmaps(crop);
            }
            assertEquals(weights, fan.manager().getManagedArrays().size(), "arrays left after the calls");
            assertThrows(IllegalArgumentException.class, () -> fan.heatmaps(new byte[10]));
        }
    }

    /**
     * The attack of the published-file slot: an archive whose {@code __setstate__} writes a file of
     * its choosing. libtorch runs it when it loads the archive as TorchScript (the control, which
     * proves the fixture live); the library reads the same archive without running it.
     */
    @Test
    void anArchiveWhoseCodeWritesAFileIsNeverRun(@TempDir Path dir) throws IOException {
        Path marker = dir.resolve("written-by-archive-code");
        Path archive = withTarget(DetectFixtures.path("fan_attack.zip"), dir.resolve("2DFAN4-cd938726ad.zip"), marker);

        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> FanLandmarks.open(archive, Device.cpu()));
        assertTrue(e.getMessage().contains("__setstate__"), e.getMessage());
        assertEquals(archive, e.file());
        assertFalse(Files.exists(marker), "the archive's code ran");

        loadAsTorchScript(archive);
        assertTrue(Files.exists(marker), "control: libtorch runs the archive's __setstate__ when it loads it");
    }

    /** The same attack in an archive whose data looks like a plain module: its tensor is read, its code never run. */
    @Test
    void anArchiveWithPlainDataAndHostileCodeIsReadAsDataOnly(@TempDir Path dir) throws IOException {
        Path marker = dir.resolve("written-by-archive-code");
        Path archive = withTarget(DetectFixtures.path("fan_attack_dict.zip"), dir.resolve("attack.zip"), marker);

        try (TorchCheckpoint weights = TorchCheckpoint.openTorchScriptWeights(archive)) {
            assertEquals(List.of("weight"), weights.tensors().stream().map(TensorInfo::name).toList());
            float[] values = new float[2];
            weights.raw("weight").asFloatBuffer().get(values);
            assertArrayEquals(new float[] {1f, 1f}, values);
        }
        WeightMismatchException mismatch = assertThrows(WeightMismatchException.class,
                () -> FanLandmarks.open(archive, Device.cpu()));
        assertTrue(mismatch.unexpected().contains("weight"), mismatch.getMessage());
        assertFalse(Files.exists(marker), "the archive's code ran");

        loadAsTorchScript(archive);
        assertTrue(Files.exists(marker), "control: libtorch runs the archive's __setstate__ when it loads it");
    }

    @Test
    void filesThatAreNotFanArchivesAreRejected(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("2DFAN4-cd938726ad.zip");
        assertThrows(MissingModelFileException.class, () -> FanLandmarks.open(missing, Device.cpu()));

        Path text = Files.writeString(dir.resolve("text.zip"), "not a zip at all");
        WeightFormatException notZip = assertThrows(WeightFormatException.class,
                () -> FanLandmarks.open(text, Device.cpu()));
        assertTrue(notZip.getMessage().contains("TorchScript"), notZip.getMessage());

        // A state dict of another network: read as data, then refused for what it holds.
        WeightMismatchException other = assertThrows(WeightMismatchException.class,
                () -> FanLandmarks.open(DetectFixtures.path("s3fd_w16_zip.pth"), Device.cpu()));
        assertTrue(other.missing().contains("m0.b1_4.conv1.weight"), other.getMessage());

        // The reduced fixture is not the published network: every narrowed shape is listed.
        WeightMismatchException narrow = assertThrows(WeightMismatchException.class,
                () -> FanLandmarks.open(DetectFixtures.path("fan_w16.zip"), Device.cpu()));
        assertTrue(narrow.misShaped().size() > 300, narrow.misShaped().size() + " mis-shaped");

        byte[] bytes = Files.readAllBytes(DetectFixtures.path("fan_w16.zip"));
        Path truncated = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(WeightFormatException.class, () -> FanLandmarks.open(truncated, Device.cpu()));
    }

    /** Copies a fixture archive, replacing the placeholder path in its code with {@code target}. */
    static Path withTarget(Path fixture, Path copy, Path target) throws IOException {
        try (ZipFile in = new ZipFile(fixture.toFile());
                OutputStream file = Files.newOutputStream(copy);
                ZipOutputStream out = new ZipOutputStream(file)) {
            boolean replaced = false;
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] data = in.getInputStream(entry).readAllBytes();
                if (entry.getName().contains("/code/") && !entry.getName().endsWith(".debug_pkl")) {
                    String code = new String(data, StandardCharsets.UTF_8);
                    if (code.contains(PLACEHOLDER)) {
                        data = code.replace(PLACEHOLDER, target.toString()).getBytes(StandardCharsets.UTF_8);
                        replaced = true;
                    }
                }
                ZipEntry stored = new ZipEntry(entry.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                stored.setCrc(crc.getValue());
                out.putNextEntry(stored);
                out.write(data);
                out.closeEntry();
            }
            assertTrue(replaced, fixture + " has no placeholder path in its code");
        }
        return copy;
    }

    /** What the library used to do with this file, and must never do again: libtorch's TorchScript loader. */
    private static void loadAsTorchScript(Path archive) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, archive, true, new String[0],
                    new String[0], false);
            module.close();
        }
    }
}
