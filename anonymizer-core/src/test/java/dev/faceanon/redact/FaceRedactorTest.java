package dev.faceanon.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.AlignedFace;
import dev.faceanon.align.FaceExtractor;
import dev.faceanon.align.InnerFaceRegion;
import dev.faceanon.align.PasteBack;
import dev.faceanon.align.PasteMask;
import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceRedactorTest {
    private final RgbImage photo = SyntheticFaces.smoothPhoto(300, 240, 5);
    private final Face left = SyntheticFaces.face68(SyntheticFaces.placement(50, Math.toRadians(12), 110, 120));
    private final Face right = SyntheticFaces.face68(SyntheticFaces.placement(60, Math.toRadians(-25), 185, 110));

    @Test
    void followsTheOfficialExtractRedactPasteFlow() {
        for (Redaction r : new Redaction[] {new GaussianBlur(), new Pixelate(), new BlackOut()}) {
            RgbImage actual = new FaceRedactor(r).redact(photo, List.of(left));
            AlignedFace a = new FaceExtractor().extract(photo, left);
            RgbImage expected = PasteBack.hard().paste(photo, r.apply(a), a.imageToCrop());
            assertEquals(expected, actual, r.toString());
            assertNotEquals(photo, actual);
        }
    }

    @Test
    void blackOutCoversEveryFaceAndNothingOutsideTheSquares() {
        List<Face> faces = List.of(right, left);
        RgbImage out = new FaceRedactor(new BlackOut()).redact(photo, faces);
        FaceExtractor extractor = new FaceExtractor();
        List<AlignedFace> aligned = extractor.extractAll(photo, faces);
        List<PasteMask> masks = aligned.stream()
                .map(a -> PasteBack.hard().mask(a.imageToCrop(), a.cropSize(), 300, 240)).toList();
        int black = 0;
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 300; x++) {
                boolean inSquare = false;
                for (int i = 0; i < aligned.size(); i++) {
                    AlignedFace a = aligned.get(i);
                    inSquare |= masks.get(i).alpha(x, y) > 0;
                    if (InnerFaceRegion.WHOLE_FACE.contains(a.imageToCrop(), a.cropSize(), x, y)) {
                        assertEquals(0, out.rgb(x, y), "face pixel " + x + "," + y);
                        black++;
                    }
                }
                if (!inSquare) {
                    assertEquals(photo.rgb(x, y), out.rgb(x, y), "outside every square " + x + "," + y);
                }
            }
        }
        assertTrue(black > 2000);
    }

    @Test
    void facesWithoutUsableLandmarksAreRedactedByTheirBox() {
        Face broken = new Face(new BoundingBox(40, 50, 90, 110), 0.9, LandmarkScheme.IBUG_68,
                Collections.nCopies(68, new Point(60, 70)));
        RgbImage out = new FaceRedactor(new BlackOut()).redact(photo, List.of(broken));
        for (int y = 50; y <= 110; y++) {
            for (int x = 40; x <= 90; x++) {
                assertEquals(0, out.rgb(x, y), "box pixel " + x + "," + y);
            }
        }
        assertEquals(photo.rgb(250, 200), out.rgb(250, 200));
    }

    @Test
    void bufferedImagesAndEmptyFaceLists() {
        FaceRedactor redactor = new FaceRedactor(new Pixelate());
        RgbImage expected = redactor.redact(photo, List.of(left, right));
        RgbImage actual = new BufferedImageConverter().toRgbImage(
                redactor.redact(BufferedImageConverter.toBufferedImage(photo), List.of(left, right)));
        assertEquals(expected, actual);
        assertEquals(photo, redactor.redact(photo, List.of()));
    }

    @Test
    void everyFaceIsReportedWithWhatWasRedactedForIt() {
        Face shifted = new Face(left.box(), 0.9, LandmarkScheme.IBUG_68,
                left.landmarks().stream().map(p -> new Point(p.x() + 25, p.y())).toList());
        Face outside = new Face(new BoundingBox(400, 10, 450, 60), 0.9, LandmarkScheme.IBUG_68, left.landmarks());
        RedactedPhoto r = new FaceRedactor(new BlackOut()).redactAll(photo, List.of(right, shifted, outside));
        assertEquals(List.of(RedactedFace.Area.ALIGNED_CROP, RedactedFace.Area.BOX_SQUARE, RedactedFace.Area.NONE),
                r.faces().stream().map(RedactedFace::area).toList());
        assertEquals(List.of(right, shifted, outside), r.faces().stream().map(RedactedFace::face).toList());
        assertEquals("", r.faces().get(0).reason());
        assertEquals("landmarks cannot be aligned: the crop they align does not cover the whole box",
                r.faces().get(1).reason());
        assertEquals("its box lies outside the 300x240 photo", r.faces().get(2).reason());
        assertEquals(r.image(), new FaceRedactor(new BlackOut()).redact(photo, List.of(right, shifted, outside)));
        // The shifted face's box is black; where its landmarks point, outside the box square, is not.
        BoundingBox b = left.box();
        for (int y = (int) Math.ceil(b.y1()); y <= b.y2(); y++) {
            for (int x = (int) Math.ceil(b.x1()); x <= b.x2(); x++) {
                assertEquals(0, r.image().rgb(x, y), "box pixel " + x + "," + y);
            }
        }
        assertEquals(photo.rgb(295, 120), r.image().rgb(295, 120));
        assertThrows(IllegalArgumentException.class, () -> new RedactedFace(left, RedactedFace.Area.NONE, ""));
        assertThrows(IllegalArgumentException.class,
                () -> new RedactedFace(left, RedactedFace.Area.ALIGNED_CROP, "why"));
    }

    @Test
    void fallbackSquaresCoverTinyBoxesFarAlongWidePhotos() {
        // Photo columns past 8192 reach the int range of the hard paste's 10-bit fixed point at the
        // scale a square of twice a one-pixel box would have.
        RgbImage strip = SyntheticFaces.uniform(40_000, 4, 0x808080);
        for (int x : new int[] {8191, 8192, 8193, 32_768, 39_999}) {
            Face dot = new Face(new BoundingBox(x, 2, x + 0.25, 2), 0.9, LandmarkScheme.IBUG_68,
                    Collections.nCopies(68, new Point(x, 2)));
            RedactedPhoto r = new FaceRedactor(new BlackOut()).redactAll(strip, List.of(dot));
            assertEquals(RedactedFace.Area.BOX_SQUARE, r.faces().get(0).area());
            assertEquals(0, r.image().rgb(x, 2), "box pixel " + x);
            assertEquals(0x808080, r.image().rgb(100, 2));
        }
    }
}
