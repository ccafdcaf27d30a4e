package dev.faceanon.djl.detect;

/**
 * The prior boxes ("anchors") of S3FD as face-alignment 1.4.1 lays them out: one square prior per
 * cell of each level's map, level {@code l} (0…5) with stride {@code 2^(l+2)} (4 … 128) and side
 * {@code 4·stride} (16 … 512), centred at {@code (stride/2 + col·stride, stride/2 + row·stride)}
 * in input pixels (pixel {@code i} covering {@code [i, i+1)}).
 */
public final class S3fdAnchors {

    private S3fdAnchors() {}

    /**
     * @param level 0 … 5
     * @return the level's stride in input pixels, {@code 2^(level+2)}
     * @throws IllegalArgumentException if the level is out of range
     */
    public static int stride(int level) {
        if (level < 0 || level >= S3fd.LEVELS) {
            throw new IllegalArgumentException("S3FD level must be in 0.." + (S3fd.LEVELS - 1) + ", got " + level);
        }
        return 4 << level;
    }

    /**
     * @param level 0 … 5
     * @param row the map row, ≥ 0
     * @param col the map column, ≥ 0
     * @return the prior of that cell
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static PriorBox prior(int level, int row, int col) {
        if (row < 0 || col < 0) {
            throw new IllegalArgumentException("cell must be non-negative, got row " + row + ", col " + col);
        }
        int stride = stride(level);
        return new PriorBox(stride / 2.0 + (double) col * stride, stride / 2.0 + (double) row * stride, 4.0 * stride);
    }
}
