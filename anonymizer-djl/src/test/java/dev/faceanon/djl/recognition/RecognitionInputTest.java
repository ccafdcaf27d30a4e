package dev.faceanon.djl.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faceanon.image.RgbImage;
import org.junit.jupiter.api.Test;

class RecognitionInputTest {
    private static final int PLANE = 150 * 150;
    private static final float[] MEAN = {122.782f, 117.001f, 104.298f};

    private static float normalised(double value, int channel) {
        return ((float) value - MEAN[channel]) / 255f;
    }

    @Test
    void aCropOfTheInputSizeIsOnlyNormalised() {
        byte[] rgb = new byte[150 * 150 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 31 + 7);
        }
        RgbImage image = RgbImage.of(150, 150, rgb);
        float[] chw = RecognitionInput.of(image, RecognitionCrop.whole(150, 150));
        for (int y = 0; y < 150; y += 13) {
            for (int x = 0; x < 150; x += 17) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(normalised(image.sample(x, y, c), c), chw[c * PLANE + y * 150 + x]);
                }
            }
        }
    }

    @Test
    void aWideCropIsPaddedBelowAndResizedWithoutHalfPixelCentres() {
        // A 2x1 crop (red 200, then red 100) at (1, 1) of a 4x3 photo. Padded to 2x2: the missing row goes after
        // (round(1 / 2) = 1 after, 0 before). Source of output (r, c) is (2r / 150, 2c / 150).
        byte[] rgb = new byte[4 * 3 * 3];
        java.util.Arrays.fill(rgb, (byte) 50);
        rgb[(1 * 4 + 1) * 3] = (byte) 200;
        rgb[(1 * 4 + 2) * 3] = (byte) 100;
        float[] chw = RecognitionInput.of(RgbImage.of(4, 3, rgb), new RecognitionCrop(1, 1, 2, 1));
        assertEquals(normalised(200, 0), chw[0], "output (0, 0) is source (0, 0)");
        assertEquals(normalised(200 + (100 - 200) * (30 * 2 / 150.0), 0), chw[30], "source x 0.4");
        assertEquals(normalised(100, 0), chw[75], "source x 1.0");
        assertEquals(normalised(100, 0), chw[149], "source x 1.987 clamps to the last column");
        assertEquals(normalised(50, 1), chw[PLANE], "green of the crop");
        assertEquals(normalised(200 * (1 - 30 * 2 / 150.0), 0), chw[30 * 150], "source y 0.4: towards black");
        assertEquals(normalised(0, 2), chw[2 * PLANE + 75 * 150 + 10], "the padded row is black");
    }

    @Test
    void aTallCropIsPaddedMoreAfterThanBefore() {
        // A 1x4 crop: 3 columns missing, round(1.5) = 2 after, 1 before: the crop is column 1 of the 4x4 square.
        byte[] rgb = new byte[4 * 3];
        java.util.Arrays.fill(rgb, (byte) 255);
        float[] chw = RecognitionInput.of(RgbImage.of(1, 4, rgb), RecognitionCrop.whole(1, 4));
        // Output column c samples source column 4c / 150: column 0 (black) at c = 0, the crop's column 1 at 37.5.
        assertEquals(normalised(0, 0), chw[0]);
        assertEquals(normalised(255 * (4 * 37 / 150.0), 0), chw[37], "between black column 0 and the crop");
        assertEquals(normalised(255 * (1 - (4 * 38 / 150.0 - 1)), 0), chw[38], "between the crop and column 2");
        assertEquals(normalised(0, 0), chw[75], "column 2 of the square is padding");
    }

    @Test
    void aCropReachingOutsideThePhotoIsRefused() {
        RgbImage image = RgbImage.of(4, 4, new byte[48]);
        assertThrows(IllegalArgumentException.class, () -> RecognitionInput.of(image, new RecognitionCrop(2, 0, 3, 2)));
        assertThrows(IllegalArgumentException.class, () -> RecognitionInput.of(image, new RecognitionCrop(0, 3, 1, 2)));
    }
}
