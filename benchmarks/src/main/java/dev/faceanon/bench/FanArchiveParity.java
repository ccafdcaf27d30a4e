package dev.faceanon.bench;

import ai.djl.Device;
import dev.faceanon.djl.detect.FanHeatmaps;
import dev.faceanon.djl.detect.FanLandmarks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks the Java 2DFAN4 at full width against torch: reads an archive written by
 * {@code benchmarks/fan/make_random_fan.py} as data, runs it on the recipe input of the test
 * fixtures ({@code ((x·7 + y·3 + c·50) mod 256) / 255}) and compares the heatmaps with those torch
 * computed from the same archive. The committed tests do the same at 1/16 of the widths; this is
 * the same check with the published sizes (92 MB of weights), too large to commit.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.faceanon.bench.FanArchiveParity ARCHIVE.zip EXPECTED.f32}.
 * Prints the largest difference relative to the largest heatmap value and how many landmarks'
 * argmax agree; exits 1 above {@value #TOLERANCE} (the tolerance of the committed test).
 */
public final class FanArchiveParity {
    /** Relative to the largest heatmap value, as in FanLandmarksTest. */
    static final double TOLERANCE = 1e-5;

    private FanArchiveParity() {}

    /**
     * @param args the archive and the expected heatmaps
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: FanArchiveParity ARCHIVE.zip EXPECTED.f32");
            System.exit(2);
        }
        int size = FanHeatmaps.SIZE;
        int count = FanHeatmaps.COUNT * size * size;
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))).order(ByteOrder.LITTLE_ENDIAN);
        if (raw.remaining() != 4 * count) {
            throw new IllegalArgumentException(args[1] + " must hold " + count + " float32 values");
        }
        float[] expected = new float[count];
        raw.asFloatBuffer().get(expected);
        byte[] crop = new byte[256 * 256 * 3];
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                for (int c = 0; c < 3; c++) {
                    crop[(y * 256 + x) * 3 + c] = (byte) ((x * 7 + y * 3 + c * 50) % 256);
                }
            }
        }
        long start = System.nanoTime();
        FanHeatmaps got;
        try (FanLandmarks fan = FanLandmarks.open(Path.of(args[0]), Device.cpu())) {
            long loaded = System.nanoTime();
            got = fan.heatmaps(crop);
            System.out.printf("read %s as data in %.1f s, one forward pass in %.2f s%n", args[0],
                    (loaded - start) / 1e9, (System.nanoTime() - loaded) / 1e9);
        }
        double scale = 0;
        double maxDiff = 0;
        int agreeing = 0;
        for (int j = 0; j < FanHeatmaps.COUNT; j++) {
            int bestGot = 0;
            int bestWant = 0;
            for (int i = 0; i < size * size; i++) {
                float want = expected[j * size * size + i];
                float value = got.value(j, i / size, i % size);
                scale = Math.max(scale, Math.abs(want));
                maxDiff = Math.max(maxDiff, Math.abs(want - value));
                bestGot = value > got.value(j, bestGot / size, bestGot % size) ? i : bestGot;
                bestWant = want > expected[j * size * size + bestWant] ? i : bestWant;
            }
            agreeing += bestGot == bestWant ? 1 : 0;
        }
        double relative = maxDiff / scale;
        System.out.printf("largest difference %.3g (%.3g of the largest value %.4g); argmax agrees for %d of %d"
                + " landmarks%n", maxDiff, relative, scale, agreeing, FanHeatmaps.COUNT);
        if (relative > TOLERANCE) {
            System.out.println("FAILED: above the tolerance " + TOLERANCE);
            System.exit(1);
        }
    }
}
