package dev.faceanon.djl.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecognitionCropTest {

    /** 68 landmarks spanning x 100…150 and y 40…100 (the rest inside). */
    private static Face face68(double dx, double dy) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 68; i++) {
            points.add(new Point(100 + dx + (i * 7) % 51, 40 + dy + (i * 11) % 61));
        }
        return new Face(new BoundingBox(0, 0, 10, 10), 0.9, LandmarkScheme.IBUG_68, points);
    }

    @Test
    void sixtyEightLandmarksGiveTheirBoxWidenedByTwentyPercent() {
        // Box 100..150 x 40..100 (50 x 60); padded by 10 and 12: x 95, y 34, 60 x 72. The detection box is ignored.
        assertEquals(new RecognitionCrop(95, 34, 60, 72), RecognitionCrop.of(face68(0, 0), 400, 300));
        // Fractions: x 95.3, y 34.6 round down; so do the sizes 60 and 72 (not the right and bottom edges).
        assertEquals(new RecognitionCrop(95, 34, 60, 72), RecognitionCrop.of(face68(0.3, 0.6), 400, 300));
    }

    @Test
    void theCropIsClippedToThePhotoAsFaceApiClipsIt() {
        // Moved to x -105: the box starts at -10 and ends at 50; clipped to 0..50.
        assertEquals(new RecognitionCrop(0, 34, 50, 72), RecognitionCrop.of(face68(-105, 0), 400, 300));
        // The bottom edge 34 + 72 = 106 passes a 90-row photo: 56 rows remain.
        assertEquals(new RecognitionCrop(95, 34, 60, 56), RecognitionCrop.of(face68(0, 0), 400, 90));
        assertThrows(IllegalArgumentException.class, () -> RecognitionCrop.of(face68(500, 0), 400, 300));
        // Every landmark left of the photo (face-api's maxima starting at 0 would stretch the box to x = 0).
        assertThrows(IllegalArgumentException.class, () -> RecognitionCrop.of(face68(-300, 0), 400, 300));
    }

    @Test
    void facesWithoutSixtyEightLandmarksUseTheirDetectionBox() {
        List<Point> five = List.of(new Point(20, 20), new Point(40, 20), new Point(30, 30), new Point(22, 40),
                new Point(38, 40));
        Face face = new Face(new BoundingBox(10.7, 5.2, 52.9, 55.5), 0.9, LandmarkScheme.FIVE_POINT, five);
        assertEquals(new RecognitionCrop(10, 5, 42, 50), RecognitionCrop.of(face, 100, 100));
        // Clipped to 30 x 20: the width 30 - 10.7 = 19.3 and the height 20 - 5.2 = 14.8 round down on their own.
        assertEquals(new RecognitionCrop(10, 5, 19, 14), RecognitionCrop.of(face, 30, 20));
    }

    @Test
    void cropsAreNeverEmptyOrNegative() {
        assertThrows(IllegalArgumentException.class, () -> new RecognitionCrop(-1, 0, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> new RecognitionCrop(0, 0, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> RecognitionCrop.of(face68(0, 0), 0, 10));
        assertEquals(new RecognitionCrop(0, 0, 7, 5), RecognitionCrop.whole(7, 5));
    }
}
