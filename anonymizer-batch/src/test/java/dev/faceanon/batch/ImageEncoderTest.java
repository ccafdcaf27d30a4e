package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoded bytes are what a written file holds, without metadata, the same every time. */
class ImageEncoderTest {

    @Test
    void theBytesAreTheFileAndCarryNoMetadata(@TempDir Path dir) throws IOException {
        BufferedImage upright = TestImages.read(Files.write(dir.resolve("in.jpg"),
                TestImages.jpegWithExif(TestImages.pattern(40, 24), 6)));
        for (String format : new String[] {"png", "jpg", "JPEG"}) {
            byte[] bytes = ImageEncoder.encode(upright, format, "x");
            Path file = dir.resolve("out." + format);
            ImageFiles.write(upright, file);
            assertArrayEquals(Files.readAllBytes(file), bytes, format);
            assertArrayEquals(bytes, ImageEncoder.encode(upright, format, "x"), format + " twice");
            assertFalse(TestImages.contains(bytes, "Exif"), format);
            assertEquals(ExifOrientation.NORMAL, ExifOrientation.of(bytes));
            assertEquals(24, ImageIO.read(new ByteArrayInputStream(bytes)).getWidth());
        }
        // Lossless: the PNG holds the pixels exactly.
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(ImageEncoder.encode(upright, "png", "x")));
        assertEquals(upright.getRGB(7, 11), png.getRGB(7, 11));
    }

    @Test
    void alphaIsDroppedForJpegAndUnknownFormatsAreRefused() throws IOException {
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0x80ff0000);
        byte[] jpeg = ImageEncoder.encode(argb, "jpg", "a.jpg");
        assertFalse(ImageIO.read(new ByteArrayInputStream(jpeg)).getColorModel().hasAlpha());
        assertTrue(ImageEncoder.canWrite("PNG"));
        assertFalse(ImageEncoder.canWrite("webp"));
        assertFalse(ImageEncoder.canWrite(""));
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> ImageEncoder.encode(argb, "webp", "a.webp"));
        assertEquals("cannot write 'webp' images; use .png or .jpg: a.webp", e.getMessage());
    }
}
