package dev.faceanon.redact;

import dev.faceanon.align.AlignedFace;
import dev.faceanon.image.RgbImage;
import java.util.Objects;

/**
 * A mosaic with a bounded number of cells across the face: each square cell takes the average colour of the crop
 * pixels whose centres lie in it. The cell side is the face's size (the longer side of its box) divided by the
 * number of cells, so a face keeps no more than that many cells across at any size in the photo. Against a trained
 * recognizer a mosaic is weaker than {@link BlackOut} or generation (docs/redaction.md).
 *
 * <p>In crop pixels the cell side is {@code max(face size / cells, two photo pixels)}, at most the crop's side: the
 * floor makes a face of a few pixels come back as fewer, larger cells rather than as its own pixels. The grid is
 * centred on the crop, where the face is, so that the cells span the face's size exactly: with {@code n} cells
 * across the face, crop pixel {@code i} (of {@code S}) lies in cell {@code floor((i + ½ − S/2) / side + n/2)}
 * along each axis (a cell boundary at the centre for even {@code n}, a cell centred there for odd {@code n}).
 */
public final class Pixelate implements Redaction {

    /**
     * The default number of cells across the face, chosen by measurement with a face recognizer: at it, the face
     * of the real test photo is beyond the recognizer's match threshold at widths of 30 to 240 pixels
     * (docs/redaction.md).
     */
    public static final int DEFAULT_CELLS_ACROSS_FACE = 8;

    /** The fewest cells across the face: one, the face's average colour. */
    public static final int MIN_CELLS_ACROSS_FACE = 1;

    /** The most cells across the face accepted: with more, a mosaic keeps too much of the face to be redaction. */
    public static final int MAX_CELLS_ACROSS_FACE = 10;

    private final int cellsAcrossFace;

    /** A mosaic of {@value #DEFAULT_CELLS_ACROSS_FACE} cells across the face. */
    public Pixelate() {
        this(DEFAULT_CELLS_ACROSS_FACE);
    }

    private Pixelate(int cellsAcrossFace) {
        if (cellsAcrossFace < MIN_CELLS_ACROSS_FACE || cellsAcrossFace > MAX_CELLS_ACROSS_FACE) {
            throw new IllegalArgumentException("cells across the face must be " + MIN_CELLS_ACROSS_FACE + " to "
                    + MAX_CELLS_ACROSS_FACE + ", got " + cellsAcrossFace);
        }
        this.cellsAcrossFace = cellsAcrossFace;
    }

    /**
     * @param cellsAcrossFace how many cells span the face's size, {@value #MIN_CELLS_ACROSS_FACE} to
     *     {@value #MAX_CELLS_ACROSS_FACE}
     * @return the mosaic
     * @throws IllegalArgumentException if out of range
     */
    public static Pixelate withCellsAcrossFace(int cellsAcrossFace) {
        return new Pixelate(cellsAcrossFace);
    }

    /** @return how many cells span the face */
    public int cellsAcrossFace() {
        return cellsAcrossFace;
    }

    @Override
    public RgbImage apply(AlignedFace face) {
        Objects.requireNonNull(face, "face");
        RgbImage crop = face.crop();
        return mosaic(crop, cellSide(FaceSize.of(face), crop.width()), cellsAcrossFace);
    }

    /** The cell side in crop pixels for a face of this size in a crop of this side. */
    double cellSide(FaceSize size, int cropSide) {
        return Math.min(cropSide, Math.max(size.inCrop() / cellsAcrossFace, 2 * size.cropPixelsPerPhotoPixel()));
    }

    /**
     * Every pixel replaced by the average of its cell (rounded half up): square cells of {@code side} pixels laid
     * so that {@code cells} of them are centred on the image.
     */
    static RgbImage mosaic(RgbImage image, double side, int cells) {
        int w = image.width();
        int h = image.height();
        int[] column = cellIndices(w, side, cells);
        int[] row = cellIndices(h, side, cells);
        int cellsX = column[w - 1] + 1;
        int cellsY = row[h - 1] + 1;
        int c3 = RgbImage.CHANNELS;
        long[] sums = new long[cellsX * cellsY * c3];
        int[] counts = new int[cellsX * cellsY];
        byte[] src = image.toByteArray();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int cell = row[y] * cellsX + column[x];
                counts[cell]++;
                for (int c = 0; c < c3; c++) {
                    sums[cell * c3 + c] += src[(y * w + x) * c3 + c] & 0xFF;
                }
            }
        }
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int cell = row[y] * cellsX + column[x];
                for (int c = 0; c < c3; c++) {
                    out[(y * w + x) * c3 + c] = (byte) ((sums[cell * c3 + c] * 2 + counts[cell]) / (2L * counts[cell]));
                }
            }
        }
        return RgbImage.of(w, h, out);
    }

    /** The cell of each of {@code n} pixels along an axis, numbered from 0. */
    private static int[] cellIndices(int n, double side, int cells) {
        int[] cell = new int[n];
        int first = (int) Math.floor((0.5 - n / 2.0) / side + cells / 2.0);
        for (int i = 0; i < n; i++) {
            cell[i] = (int) Math.floor((i + 0.5 - n / 2.0) / side + cells / 2.0) - first;
        }
        return cell;
    }

    @Override
    public String toString() {
        return "Pixelate[" + cellsAcrossFace + " cells across the face]";
    }
}
