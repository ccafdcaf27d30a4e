package dev.faceanon.djl.detect;

import dev.faceanon.face.Point;
import java.util.ArrayList;
import java.util.List;

/**
 * Landmark positions from 2DFAN4 heatmaps, as face-alignment 1.4.1's {@code get_preds_fromhm}
 * computes them.
 *
 * <p>For each heatmap: the first maximum in row-major order at (column, row); in the reference's
 * 1-based coordinates {@code (column + 1, row + 1)}; for interior peaks (0 &lt; column &lt; 63 and
 * 0 &lt; row &lt; 63) a quarter-pixel step towards the larger horizontal and vertical neighbour
 * ({@code ±0.25·sign(right − left)}, {@code ±0.25·sign(below − above)}, none on a tie); minus 0.5.
 * All of it is exact in float32. The position is then mapped to the photo by
 * {@link FanCrop#heatmapToImage} and truncated to integers.
 */
public final class HeatmapDecoder {
    private static final float QUARTER = 0.25f;
    private static final float HALF = 0.5f;

    private HeatmapDecoder() {}

    /**
     * @param heatmaps the network output
     * @param landmark 0 … 67
     * @return {@code {x, y}} in heatmap coordinates, before the mapping to the photo
     */
    public static float[] peak(FanHeatmaps heatmaps, int landmark) {
        int size = FanHeatmaps.SIZE;
        int best = 0;
        float max = heatmaps.value(landmark, 0, 0);
        for (int i = 1; i < size * size; i++) {
            float v = heatmaps.value(landmark, i / size, i % size);
            if (v > max) {
                max = v;
                best = i;
            }
        }
        int row = best / size;
        int col = best % size;
        float x = col + 1;
        float y = row + 1;
        if (col > 0 && col < size - 1 && row > 0 && row < size - 1) {
            x += Math.signum(heatmaps.value(landmark, row, col + 1) - heatmaps.value(landmark, row, col - 1)) * QUARTER;
            y += Math.signum(heatmaps.value(landmark, row + 1, col) - heatmaps.value(landmark, row - 1, col)) * QUARTER;
        }
        return new float[] {x - HALF, y - HALF};
    }

    /**
     * @param heatmaps the network output for {@code crop}
     * @param crop the crop the network saw
     * @return the 68 landmarks in photo pixels (integer coordinates)
     */
    public static List<Point> landmarks(FanHeatmaps heatmaps, FanCrop crop) {
        List<Point> points = new ArrayList<>(FanHeatmaps.COUNT);
        for (int j = 0; j < FanHeatmaps.COUNT; j++) {
            float[] p = peak(heatmaps, j);
            points.add(crop.heatmapToImage(p[0], p[1]));
        }
        return points;
    }
}
