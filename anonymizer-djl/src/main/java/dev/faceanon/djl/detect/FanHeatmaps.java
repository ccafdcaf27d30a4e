package dev.faceanon.djl.detect;

/**
 * The 68 landmark heatmaps of 2DFAN4 for one face, {@value #COUNT} × {@value #SIZE} ×
 * {@value #SIZE} float32 values, row-major (landmark, row, column). Immutable.
 */
public final class FanHeatmaps {
    /** Landmarks, one heatmap each. */
    public static final int COUNT = 68;
    /** Side of a heatmap. */
    public static final int SIZE = FanCrop.HEATMAP_SIZE;

    private final float[] values;

    /**
     * @param values {@code 68·64·64} finite values, row-major (landmark, row, column); copied
     * @throws IllegalArgumentException if the length is wrong or a value is not finite
     */
    public FanHeatmaps(float[] values) {
        if (values.length != COUNT * SIZE * SIZE) {
            throw new IllegalArgumentException("expected " + COUNT * SIZE * SIZE + " heatmap values, got "
                    + values.length);
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("heatmaps must be finite, found " + v);
            }
        }
        this.values = values.clone();
    }

    /**
     * @param landmark 0 … 67
     * @param row 0 … 63
     * @param column 0 … 63
     * @return the value
     */
    public float value(int landmark, int row, int column) {
        return values[(landmark * SIZE + row) * SIZE + column];
    }
}
