package dev.faceanon.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
            RgbImage expected = PasteBack.hard().paste(photo, r.apply(a.crop()), a.imageToCrop());
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
}
