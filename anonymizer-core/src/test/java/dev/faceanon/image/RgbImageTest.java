package dev.faceanon.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RgbImageTest {

    private static final byte[] TWO_BY_ONE = {1, 2, 3, (byte) 200, (byte) 201, (byte) 255};

    @Test
    void readsSamplesRowMajorHwc() {
        RgbImage image = RgbImage.of(1, 2, TWO_BY_ONE);
        assertEquals(1, image.width());
        assertEquals(2, image.height());
        assertEquals(2, image.pixelCount());
        assertEquals(3, image.sample(0, 0, 2));
        assertEquals(200, image.sample(0, 1, 0));
        assertEquals(0xC8C9FF, image.rgb(0, 1));
        assertArrayEquals(TWO_BY_ONE, image.toByteArray());
    }

    @Test
    void isImmutable() {
        byte[] samples = TWO_BY_ONE.clone();
        RgbImage image = RgbImage.of(2, 1, samples);
        samples[0] = 99;
        image.toByteArray()[1] = 99;
        assertEquals(1, image.sample(0, 0, 0));
        assertEquals(2, image.sample(0, 0, 1));
    }

    @Test
    void comparesByContent() {
        RgbImage a = RgbImage.of(2, 1, TWO_BY_ONE);
        assertEquals(a, RgbImage.of(2, 1, TWO_BY_ONE.clone()));
        assertEquals(a.hashCode(), RgbImage.of(2, 1, TWO_BY_ONE.clone()).hashCode());
        assertNotEquals(a, RgbImage.of(1, 2, TWO_BY_ONE));
        byte[] other = TWO_BY_ONE.clone();
        other[5] = 0;
        assertNotEquals(a, RgbImage.of(2, 1, other));
        assertFalse(a.toString().contains("200"), "toString must not show pixel content");
    }

    @Test
    void rejectsEmptyAndMismatchedImages() {
        assertThrows(IllegalArgumentException.class, () -> RgbImage.of(0, 2, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.of(2, -1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.of(2, 2, TWO_BY_ONE));
        assertThrows(IndexOutOfBoundsException.class, () -> RgbImage.of(2, 1, TWO_BY_ONE).sample(2, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> RgbImage.of(2, 1, TWO_BY_ONE).sample(0, 0, 3));
    }

    @Test
    void rejectsImagesBeyondOneArrayBeforeAllocating() {
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
                () -> RgbImage.of(65536, 65536, new byte[0]));
        assertEquals(65536, e.width());
        assertEquals(RgbImage.MAX_PIXELS, e.limit());
    }
}
