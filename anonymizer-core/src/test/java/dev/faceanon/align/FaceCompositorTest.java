package dev.faceanon.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceCompositorTest {
    private static final int RED = 0xFF0000;
    private static final int BLUE = 0x0000FF;

    private final RgbImage photo = SyntheticFaces.smoothPhoto(320, 260, 11);
    private final FaceExtractor extractor = new FaceExtractor(256);
    /** A small face whose square lies inside the big face's square and overlaps its face region. */
    private final AlignedFace small = extractor.extract(photo,
            SyntheticFaces.face68(SyntheticFaces.placement(40, Math.toRadians(10), 150, 120)));
    private final AlignedFace big = extractor.extract(photo,
            SyntheticFaces.face68(SyntheticFaces.placement(90, Math.toRadians(-20), 190, 140)));

    /**
     * What a generator that keeps the conditioning outside the face returns: the crop with only its
     * own face region (and two crop pixels around it, so that resampling at the region's edge reads
     * regenerated pixels) replaced. Its copy of any other face is the original.
     */
    private static RgbImage regenerateOwnFace(AlignedFace face, int colour) {
        int s = face.cropSize();
        byte[] out = face.crop().toByteArray();
        InnerFaceRegion r = InnerFaceRegion.WHOLE_FACE;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double fx = (double) x / s;
                double fy = (double) y / s;
                double e = 2.0 / s;
                if (fx >= r.left() - e && fx <= r.right() + e && fy >= r.top() - e && fy <= r.bottom() + e) {
                    int o = (y * s + x) * 3;
                    out[o] = (byte) (colour >> 16);
                    out[o + 1] = (byte) (colour >> 8);
                    out[o + 2] = (byte) colour;
                }
            }
        }
        return RgbImage.of(s, s, out);
    }

    private static boolean inRegion(AlignedFace f, int x, int y) {
        return InnerFaceRegion.WHOLE_FACE.contains(f.imageToCrop(), f.cropSize(), x, y);
    }

    @Test
    void ordersBySquareSizeThenPosition() {
        FaceCompositor c = FaceCompositor.protecting(PasteBack.hard());
        assertEquals(List.of(1, 0), c.pasteOrder(List.of(big, small)));
        assertEquals(List.of(0, 1), c.pasteOrder(List.of(small, big)));
        AlignedFace left = extractor.extract(photo, SyntheticFaces.face68(SyntheticFaces.placement(40, 0, 60, 200)));
        AlignedFace right = extractor.extract(photo, SyntheticFaces.face68(SyntheticFaces.placement(40, 0, 260, 30)));
        assertEquals(List.of(1, 0), c.pasteOrder(List.of(right, left)));
        assertEquals(List.of(0, 1, 2), FaceCompositor.official().pasteOrder(List.of(big, small, left)));
    }

    @Test
    void overlappingFacesEndUpEntirelyGenerated() {
        List<AlignedFace> faces = List.of(big, small);
        List<RgbImage> processed = List.of(regenerateOwnFace(big, BLUE), regenerateOwnFace(small, RED));
        int inBoth = 0;
        for (PasteBack paste : new PasteBack[] {PasteBack.hard(), PasteBack.feathered()}) {
            RgbImage out = FaceCompositor.protecting(paste).compose(photo, faces, processed);
            int smallCount = 0;
            int bigCount = 0;
            for (int y = 0; y < 260; y++) {
                for (int x = 0; x < 320; x++) {
                    int rgb = out.rgb(x, y);
                    if (inRegion(small, x, y)) {
                        // Pasted first; the big face's paste is kept out of it entirely.
                        assertEquals(RED, rgb, paste + " small face at " + x + "," + y);
                        smallCount++;
                        inBoth += inRegion(big, x, y) ? 1 : 0;
                    } else if (inRegion(big, x, y)) {
                        // Blue, or blue blended with red in the soft band around the small face.
                        int r = rgb >> 16;
                        int g = rgb >> 8 & 0xFF;
                        int b = rgb & 0xFF;
                        assertEquals(0, g, paste + " big face at " + x + "," + y);
                        assertTrue(Math.abs(r + b - 255) <= 1, paste + " big face at " + x + "," + y + ": " + rgb);
                        bigCount++;
                    }
                }
            }
            assertTrue(smallCount > 500 && bigCount > 5000, smallCount + " / " + bigCount);
        }
        assertTrue(inBoth > 0, "the regions overlap in this scene");
    }

    @Test
    void theOfficialLoopLetsALaterCropShowAnEarlierFaceAsItWas() {
        // Official order = detection order; with the small face detected first the big face's paste
        // covers it with the big crop's copy of the original photo.
        RgbImage out = FaceCompositor.official().compose(photo, List.of(small, big),
                List.of(regenerateOwnFace(small, RED), regenerateOwnFace(big, BLUE)));
        int original = 0;
        int red = 0;
        for (int y = 0; y < 260; y++) {
            for (int x = 0; x < 320; x++) {
                if (inRegion(small, x, y) && !inRegion(big, x, y)) {
                    int[] a = {out.sample(x, y, 0), out.sample(x, y, 1), out.sample(x, y, 2)};
                    int[] p = {photo.sample(x, y, 0), photo.sample(x, y, 1), photo.sample(x, y, 2)};
                    boolean close = Math.abs(a[0] - p[0]) <= 3 && Math.abs(a[1] - p[1]) <= 3 && Math.abs(a[2] - p[2]) <= 3;
                    original += close ? 1 : 0;
                    red += out.rgb(x, y) == RED ? 1 : 0;
                }
            }
        }
        assertTrue(original > 100, "original pixels of the small face visible: " + original);
        assertEquals(0, red);
    }

    @Test
    void oneFaceIsExactlyTheSinglePaste() {
        RgbImage crop = regenerateOwnFace(big, BLUE);
        RgbImage expected = PasteBack.hard().paste(photo, crop, big.imageToCrop());
        assertEquals(expected, FaceCompositor.official().compose(photo, List.of(big), List.of(crop)));
        assertEquals(expected, FaceCompositor.protecting(PasteBack.hard()).compose(photo, List.of(big), List.of(crop)));
        assertEquals(PasteBack.feathered().paste(photo, crop, big.imageToCrop()),
                FaceCompositor.protecting(PasteBack.feathered()).compose(photo, List.of(big), List.of(crop)));
        assertEquals(photo, FaceCompositor.protecting(PasteBack.hard()).compose(photo, List.of(), List.of()));
    }

    @Test
    void rejectsMismatchedInput() {
        FaceCompositor c = FaceCompositor.protecting(PasteBack.feathered());
        assertThrows(IllegalArgumentException.class, () -> c.compose(photo, List.of(big), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> c.compose(photo, List.of(big), List.of(SyntheticFaces.uniform(100, 100, 0))));
        assertThrows(IllegalArgumentException.class,
                () -> c.compose(SyntheticFaces.uniform(100, 100, 0), List.of(big), List.of(big.crop())));
        InnerFaceRegion tight = new InnerFaceRegion(0.05, 0.05, 0.95, 0.95, 0.01);
        assertThrows(IllegalArgumentException.class,
                () -> FaceCompositor.protecting(PasteBack.feathered(0.1), tight));
    }
}
