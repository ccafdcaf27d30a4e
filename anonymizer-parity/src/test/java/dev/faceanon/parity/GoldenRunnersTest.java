package dev.faceanon.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.golden.Tolerance;
import dev.faceanon.image.RgbImage;
import org.junit.jupiter.api.Test;

/** The shared uint8 image check, against the alignment case's photo with samples changed by hand. */
class GoldenRunnersTest {
    private static final String IMAGE = "input.image_u8";
    private static final Tolerance ONE_LEVEL = new Tolerance(1, 0);

    /** The image with its first {@code count} samples moved by {@code delta} (towards the middle grey). */
    private static RgbImage changed(RgbImage image, int count, int delta) {
        byte[] b = image.toByteArray();
        for (int i = 0; i < count; i++) {
            int v = b[i] & 0xFF;
            b[i] = (byte) (v < 128 ? v + delta : v - delta);
        }
        return RgbImage.of(image.width(), image.height(), b);
    }

    @Test
    void allowsOneLevelAtFewerThanTheFractionOfSamples() {
        try (GoldenCase golden = GoldenDirectory.fromSystemProperty().open(AlignmentGoldenRunner.CASE)) {
            RgbImage photo = golden.rgbImage(IMAGE);
            int samples = photo.width() * photo.height() * 3;
            assertEquals(320 * 256 * 3, samples);
            // 1% of 245760 samples is 2457.6: 2457 differing pass, 2458 do not.
            assertTrue(GoldenRunners.checkImage(golden, IMAGE, changed(photo, 2457, 1), ONE_LEVEL, 0.01)
                    .comparison().passed());
            TensorCheck tooMany = GoldenRunners.checkImage(golden, IMAGE, changed(photo, 2458, 1), ONE_LEVEL, 0.01);
            assertFalse(tooMany.comparison().passed());
            assertEquals(2458, tooMany.comparison().failures());
            assertEquals(IMAGE, tooMany.tensor());
            TensorCheck twoLevels = GoldenRunners.checkImage(golden, IMAGE, changed(photo, 1, 2), ONE_LEVEL, 0.01);
            assertFalse(twoLevels.comparison().passed());
            assertEquals(2, twoLevels.comparison().maxAbs());
            assertTrue(GoldenRunners.checkImage(golden, IMAGE, photo, new Tolerance(0, 0), 0).comparison().passed());
        }
    }

    @Test
    void rejectsAnotherSizeAndAFractionOutsideZeroToOne() {
        try (GoldenCase golden = GoldenDirectory.fromSystemProperty().open(AlignmentGoldenRunner.CASE)) {
            RgbImage photo = golden.rgbImage(IMAGE);
            RgbImage narrower = RgbImage.of(photo.width() - 1, photo.height(),
                    new byte[(photo.width() - 1) * photo.height() * 3]);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> GoldenRunners.checkImage(golden, IMAGE, narrower, ONE_LEVEL, 0.01));
            assertTrue(e.getMessage().contains(IMAGE), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> GoldenRunners.checkImage(golden, IMAGE, photo, ONE_LEVEL, 1.5));
            assertThrows(IllegalArgumentException.class,
                    () -> GoldenRunners.checkImage(golden, IMAGE, photo, ONE_LEVEL, Double.NaN));
        }
    }
}
