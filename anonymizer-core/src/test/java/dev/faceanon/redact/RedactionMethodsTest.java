package dev.faceanon.redact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faceanon.align.AffineTransform2D;
import dev.faceanon.align.AlignedFace;
import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
import java.util.Collections;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The three redactions on crops of known geometry: blur σ and mosaic cells measured against the face's box in the
 * photo, worked out by hand, so that the same face gets the same strength at any size in the photo and in any crop.
 */
class RedactionMethodsTest {

    private static RgbImage noise(int w, int h, long seed) {
        byte[] b = new byte[w * h * 3];
        new Random(seed).nextBytes(b);
        return RgbImage.of(w, h, b);
    }

    /** A face of this box whose crop was cut at {@code scale} crop pixels per photo pixel. */
    private static AlignedFace face(double boxWidth, double boxHeight, double scale, RgbImage crop) {
        Face f = new Face(new BoundingBox(100, 100, 100 + boxWidth, 100 + boxHeight), 0.9, LandmarkScheme.FIVE_POINT,
                Collections.nCopies(5, new Point(100, 100)));
        return new AlignedFace(f, AffineTransform2D.similarity(scale, 0.3, -40, 25), crop, 4000, 3000);
    }

    private static FaceSize size(double boxWidth, double boxHeight, double scale) {
        return FaceSize.of(face(boxWidth, boxHeight, scale, noise(8, 8, 0)));
    }

    @Test
    void blackOutIsZeroEverywhere() {
        RgbImage out = new BlackOut().apply(face(60, 60, 2, noise(37, 37, 1)));
        assertEquals(37, out.width());
        assertEquals(37, out.height());
        assertArrayEquals(new byte[37 * 37 * 3], out.toByteArray());
    }

    @Test
    void theFaceSizeIsTheLongerSideOfTheBoxAtLeastOnePixel() {
        assertEquals(60, size(60, 40, 2).inPhoto(), 1e-12);
        assertEquals(50, size(30, 50, 2).inPhoto(), 1e-12);
        assertEquals(2, size(30, 50, 2).cropPixelsPerPhotoPixel(), 1e-12);
        assertEquals(100, size(30, 50, 2).inCrop(), 1e-12);
        assertEquals(1, size(0.25, 0, 4).inPhoto(), 1e-12);
    }

    @Test
    void officialBlurKernelFollowsOpenCvsSigmaRule() {
        // σ = 0.3·((51 − 1)·0.5 − 1) + 0.8 = 8; 8-bit fixed point summing to 256, symmetric, peaked.
        int[] k = new OpenCvGaussianBlur(OpenCvGaussianBlur.OFFICIAL_KERNEL_SIZE, 0).kernel();
        assertEquals(51, k.length);
        assertEquals(256, java.util.Arrays.stream(k).sum());
        for (int i = 0; i < 51; i++) {
            assertEquals(k[i], k[50 - i]);
        }
        double expectedCentre = 256 / (8 * Math.sqrt(2 * Math.PI));
        assertEquals(expectedCentre, k[25], 1);
        assertArrayEquals(new int[] {64, 128, 64}, new OpenCvGaussianBlur(3, 0).kernel());
        assertArrayEquals(new int[] {16, 64, 96, 64, 16}, new OpenCvGaussianBlur(5, 0).kernel());
    }

    @Test
    void blurKeepsAConstantImageAndItsMean() {
        RgbImage flat = SyntheticFaces.uniform(64, 64, 0x5A7FC3);
        assertEquals(flat, new GaussianBlur().apply(face(40, 40, 1, flat)));
        // On a smooth photo the mean moves only through rounding and the reflected border.
        RgbImage photo = SyntheticFaces.smoothPhoto(96, 96, 2);
        RgbImage blurred = new GaussianBlur().apply(face(30, 30, 1, photo));
        assertEquals(mean(photo), mean(blurred), 3.0);
        assertNotEquals(photo, blurred);
    }

    @Test
    void blurSigmaIsAFractionOfTheFaceAsItIsInThePhoto() {
        // A 60-px face (its box's longer side) in a crop cut at 2 crop px per photo px: 120 crop px wide.
        // σ = 0.2 · 120 = 24 crop px (12 photo px); kernel round(6 · 24 + 1) | 1 = 145.
        OpenCvGaussianBlur blur = new GaussianBlur().filterFor(size(60, 40, 2));
        assertEquals(24, blur.sigma(), 1e-12);
        assertEquals(145, blur.kernelSize());
        // The same crop of a face four times larger: a quarter of the scale, the same σ in crop pixels, so four
        // times the σ in photo pixels (48 = 0.2 · 240).
        assertEquals(24, new GaussianBlur().filterFor(size(240, 200, 0.5)).sigma(), 1e-12);
        // Half the face's size: σ = 60, kernel 361.
        OpenCvGaussianBlur half = GaussianBlur.withSigmaPerFace(0.5).filterFor(size(60, 40, 2));
        assertEquals(60, half.sigma(), 1e-12);
        assertEquals(361, half.kernelSize());
        // A 3-px face at 4 crop px per photo px: 0.2 · 12 = 2.4 is below one photo pixel (4), which it gets.
        assertEquals(4, new GaussianBlur().filterFor(size(3, 2, 4)).sigma(), 1e-12);
        assertEquals(25, new GaussianBlur().filterFor(size(3, 2, 4)).kernelSize());
        // An absurd box: the kernel stops at 1023 taps, σ at a sixth of that.
        OpenCvGaussianBlur absurd = new GaussianBlur().filterFor(size(1e6, 5, 2));
        assertEquals(1023, absurd.kernelSize());
        assertEquals(1022 / 6.0, absurd.sigma(), 1e-12);
        assertEquals(OpenCvGaussianBlur.MAX_KERNEL_SIZE, new GaussianBlur().filterFor(new FaceSize(Double.MAX_VALUE,
                Double.MAX_VALUE)).kernelSize());
    }

    @Test
    void blurAppliesTheFilterOfItsFace() {
        RgbImage crop = noise(64, 64, 5);
        // A 20-px face at 1.5: 30 crop px, σ = 6, kernel 37.
        RgbImage expected = new OpenCvGaussianBlur(37, 6).apply(crop);
        assertEquals(expected, new GaussianBlur().apply(face(20, 12, 1.5, crop)));
    }

    @Test
    void mosaicCellsAreTheFaceOverTheCellCount() {
        // An 80-px face at 2 crop px per photo px is 160 crop px: 8 cells of 20, 4 of 40.
        assertEquals(20, new Pixelate().cellSide(size(80, 60, 2), 512), 1e-12);
        assertEquals(40, Pixelate.withCellsAcrossFace(4).cellSide(size(60, 80, 2), 512), 1e-12);
        // The same crop of a face three times larger: the same cells in the crop, three times larger in the photo.
        assertEquals(20, new Pixelate().cellSide(size(240, 200, 2 / 3.0), 512), 1e-12);
        // A 6-px face: 12 / 8 = 1.5 crop px is below two photo pixels (4), which it gets.
        assertEquals(4, new Pixelate().cellSide(size(6, 6, 2), 512), 1e-12);
        // An absurd box: one cell, the whole crop.
        assertEquals(512, new Pixelate().cellSide(size(1e6, 5, 2), 512), 1e-12);
        assertEquals(64, new Pixelate().cellSide(new FaceSize(Double.MAX_VALUE, Double.MAX_VALUE), 64), 1e-12);
    }

    @Test
    void mosaicAveragesCellsCentredOnTheImage() {
        int n = 8;
        byte[] rgb = new byte[n * n * 3];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                rgb[(y * n + x) * 3] = (byte) (x + 8 * y);
                rgb[(y * n + x) * 3 + 1] = (byte) (3 * x);
                rgb[(y * n + x) * 3 + 2] = (byte) 200;
            }
        }
        RgbImage image = RgbImage.of(n, n, rgb);
        // floor((i + 0.5 − 4) / side + cells / 2) along each axis. Side 4, an even number of cells: the quadrants.
        // Top left: x + 8y averages 1.5 + 12 = 13.5, rounded half up to 14; 3x averages 4.5 → 5.
        RgbImage quadrants = Pixelate.mosaic(image, 4, 8);
        assertCells(quadrants, new int[][] {{0, 1, 2, 3}, {4, 5, 6, 7}});
        assertEquals(14, quadrants.sample(0, 0, 0));
        assertEquals(5, quadrants.sample(2, 1, 1));
        assertEquals(18, quadrants.sample(4, 0, 0));
        assertEquals(17, quadrants.sample(7, 3, 1));
        assertEquals(46, quadrants.sample(0, 4, 0));
        assertEquals(50, quadrants.sample(7, 7, 0));
        assertEquals(200, quadrants.sample(5, 6, 2));
        // Side 4, an odd number: a cell centred, holding pixels 2..5; x + 8y there averages 3.5 + 28 = 31.5 → 32.
        RgbImage centred = Pixelate.mosaic(image, 4, 3);
        assertCells(centred, new int[][] {{0, 1}, {2, 3, 4, 5}, {6, 7}});
        assertEquals(32, centred.sample(2, 2, 0));
        assertEquals(5, centred.sample(1, 1, 0));
        // Side 2.5, odd: (i − 3.5) / 2.5 + 0.5 groups {0, 1, 2}, {3, 4}, {5, 6, 7}. Side 3, even: (i − 3.5) / 3
        // groups {0}, {1, 2, 3}, {4, 5, 6}, {7}.
        assertCells(Pixelate.mosaic(image, 2.5, 5), new int[][] {{0, 1, 2}, {3, 4}, {5, 6, 7}});
        assertCells(Pixelate.mosaic(image, 3, 8), new int[][] {{0}, {1, 2, 3}, {4, 5, 6}, {7}});
        // One cell across the face, as large as the image or larger: the image's average.
        int[][] whole = {{0, 1, 2, 3, 4, 5, 6, 7}};
        assertCells(Pixelate.mosaic(image, 8, 1), whole);
        assertCells(Pixelate.mosaic(image, 100, 1), whole);
        assertEquals(32, Pixelate.mosaic(image, 100, 1).sample(7, 0, 0));
        // A side of one pixel keeps the image.
        assertEquals(image, Pixelate.mosaic(image, 1, 8));
        assertEquals(image, Pixelate.mosaic(image, 1, 7));
    }

    /** Every pixel of each cell (a group of columns times a group of rows) holds the cell's rounded average. */
    private static void assertCells(RgbImage mosaic, int[][] groups) {
        for (int[] gy : groups) {
            for (int[] gx : groups) {
                int sum0 = 0;
                int sum1 = 0;
                for (int y : gy) {
                    for (int x : gx) {
                        sum0 += x + 8 * y;
                        sum1 += 3 * x;
                    }
                }
                int count = gx.length * gy.length;
                for (int y : gy) {
                    for (int x : gx) {
                        assertEquals((2 * sum0 + count) / (2 * count), mosaic.sample(x, y, 0), "pixel " + x + "," + y);
                        assertEquals((2 * sum1 + count) / (2 * count), mosaic.sample(x, y, 1), "pixel " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void pixelateAppliesTheMosaicOfItsFace() {
        RgbImage crop = noise(64, 64, 7);
        // A 20-px face at 1.5: 30 crop px, 8 cells of 3.75.
        assertEquals(Pixelate.mosaic(crop, 3.75, 8), new Pixelate().apply(face(20, 12, 1.5, crop)));
        assertEquals(Pixelate.mosaic(crop, 7.5, 4), Pixelate.withCellsAcrossFace(4).apply(face(20, 12, 1.5, crop)));
        assertEquals(Pixelate.mosaic(crop, 10, 3), Pixelate.withCellsAcrossFace(3).apply(face(20, 12, 1.5, crop)));
    }

    @Test
    void rejectsStrengthsOutsideTheirBounds() {
        assertThrows(IllegalArgumentException.class, () -> Pixelate.withCellsAcrossFace(0));
        assertThrows(IllegalArgumentException.class,
                () -> Pixelate.withCellsAcrossFace(Pixelate.MAX_CELLS_ACROSS_FACE + 1));
        assertEquals(Pixelate.MAX_CELLS_ACROSS_FACE,
                Pixelate.withCellsAcrossFace(Pixelate.MAX_CELLS_ACROSS_FACE).cellsAcrossFace());
        assertThrows(IllegalArgumentException.class, () -> GaussianBlur.withSigmaPerFace(0.099));
        assertThrows(IllegalArgumentException.class, () -> GaussianBlur.withSigmaPerFace(1.01));
        assertThrows(IllegalArgumentException.class, () -> GaussianBlur.withSigmaPerFace(Double.NaN));
        assertEquals(0.1, GaussianBlur.withSigmaPerFace(0.1).sigmaPerFace());
        assertThrows(IllegalArgumentException.class, () -> new OpenCvGaussianBlur(50, 0));
        assertThrows(IllegalArgumentException.class, () -> new OpenCvGaussianBlur(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new OpenCvGaussianBlur(5, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> OpenCvGaussianBlur.ofSigma(0));
        assertThrows(IllegalArgumentException.class, () -> OpenCvGaussianBlur.ofSigma(Double.POSITIVE_INFINITY));
    }

    private static double mean(RgbImage image) {
        long sum = 0;
        for (byte b : image.toByteArray()) {
            sum += b & 0xFF;
        }
        return (double) sum / (image.pixelCount() * 3);
    }
}
