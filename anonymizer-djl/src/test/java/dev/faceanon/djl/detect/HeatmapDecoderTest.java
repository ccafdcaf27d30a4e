package dev.faceanon.djl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faceanon.face.Point;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Synthetic heatmaps with known peaks; expected positions worked out by hand. */
class HeatmapDecoderTest {
    private static final int S = FanHeatmaps.SIZE;

    /** All landmarks get a low background; each entry sets (landmark, row, col) = value. */
    private static FanHeatmaps heatmaps(float[][] entries) {
        float[] v = new float[FanHeatmaps.COUNT * S * S];
        Arrays.fill(v, -1f);
        for (float[] e : entries) {
            v[((int) e[0] * S + (int) e[1]) * S + (int) e[2]] = e[3];
        }
        return new FanHeatmaps(v);
    }

    @Test
    void interiorPeakStepsAQuarterTowardsTheLargerNeighbour() {
        // Landmark 0: peak at column 10, row 20; right neighbour above left, lower neighbour below upper.
        FanHeatmaps hm = heatmaps(new float[][] {{0, 20, 10, 1f}, {0, 20, 11, 0.5f}, {0, 20, 9, 0.2f},
            {0, 21, 10, 0.1f}, {0, 19, 10, 0.3f}});
        // x = (10 + 1) + 0.25 − 0.5, y = (20 + 1) − 0.25 − 0.5.
        assertArrayEquals(new float[] {10.75f, 20.25f}, HeatmapDecoder.peak(hm, 0));
    }

    @Test
    void equalNeighboursDoNotShift() {
        FanHeatmaps hm = heatmaps(new float[][] {{3, 5, 7, 2f}, {3, 5, 8, 0.5f}, {3, 5, 6, 0.5f}});
        // Rows 4 and 6 keep the background −1 on both sides: no vertical step either.
        assertArrayEquals(new float[] {7.5f, 5.5f}, HeatmapDecoder.peak(hm, 3));
    }

    @Test
    void borderPeaksAreNotRefined() {
        // Column 0 and row 63: the neighbours differ but the step is only taken inside 1..62.
        FanHeatmaps hm = heatmaps(new float[][] {{1, 30, 0, 5f}, {1, 30, 1, 4f}, {1, 29, 0, 3f},
            {2, 63, 40, 5f}, {2, 63, 41, 4f}, {2, 62, 40, 4f}, {4, 0, 0, 1f}, {5, 62, 63, 1f}});
        assertArrayEquals(new float[] {0.5f, 30.5f}, HeatmapDecoder.peak(hm, 1));
        assertArrayEquals(new float[] {40.5f, 63.5f}, HeatmapDecoder.peak(hm, 2));
        assertArrayEquals(new float[] {0.5f, 0.5f}, HeatmapDecoder.peak(hm, 4));
        assertArrayEquals(new float[] {63.5f, 62.5f}, HeatmapDecoder.peak(hm, 5));
        // Column 1 / row 62 are interior again.
        FanHeatmaps inner = heatmaps(new float[][] {{6, 62, 1, 5f}, {6, 62, 2, 1f}, {6, 63, 1, 2f}});
        assertArrayEquals(new float[] {1.75f, 62.75f}, HeatmapDecoder.peak(inner, 6));
    }

    @Test
    void theFirstMaximumInRowMajorOrderWins() {
        FanHeatmaps hm = heatmaps(new float[][] {{7, 40, 3, 2f}, {7, 12, 50, 2f}, {7, 12, 51, 2f}});
        // (row 12, col 50) comes first; its right neighbour equals it, its left is −1: step right.
        assertArrayEquals(new float[] {50.75f, 12.5f}, HeatmapDecoder.peak(hm, 7));
    }

    @Test
    void landmarksMapThroughTheCropAndTruncateTowardsZero() {
        // Centre (100, 50), scale 0.64: the crop is 128 px, so a heatmap pixel is 2 photo pixels and
        // heatmap x maps to 2x + 100 − 64, y to 2y + 50 − 64.
        FanCrop crop = new FanCrop(100, 50, 0.64);
        FanHeatmaps hm = heatmaps(new float[][] {{0, 20, 10, 1f}, {0, 20, 11, 0.5f}, {0, 20, 9, 0.2f},
            {0, 21, 10, 0.1f}, {0, 19, 10, 0.3f}, {1, 2, 0, 1f}});
        List<Point> points = HeatmapDecoder.landmarks(hm, crop);
        assertEquals(FanHeatmaps.COUNT, points.size());
        // (10.75, 20.25) -> (57.5, 26.5) -> (57, 26).
        assertEquals(new Point(57, 26), points.get(0));
        // (0.5, 2.5) -> (37, −9): negative values truncate towards zero.
        assertEquals(new Point(37, -9), points.get(1));
        // Centre (64.4, 64.4): x maps to 2x + 0.4. −2.2 truncates to −2 (not −3), −0.6 to 0.
        FanCrop low = new FanCrop(64.4, 64.4, 0.64);
        assertEquals(new Point(0, -2), low.heatmapToImage(0.2, -1.3));
        assertEquals(new Point(0, 0), low.heatmapToImage(0.2, -0.5));
    }

    @Test
    void heatmapsMustBeComplete() {
        assertThrows(IllegalArgumentException.class, () -> new FanHeatmaps(new float[10]));
        float[] v = new float[FanHeatmaps.COUNT * S * S];
        v[5] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> new FanHeatmaps(v));
    }
}
