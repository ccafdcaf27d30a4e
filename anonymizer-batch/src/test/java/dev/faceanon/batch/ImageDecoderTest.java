package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file and its bytes decode alike: the same pixels, the same orientation, the same refusals. */
class ImageDecoderTest {
    private static final ImageDecoder STRICT = new ImageDecoder(false, "acceptDamaged");

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void bytesWithAnExifOrientationDecodeUprightLikeTheirFile(@TempDir Path dir) throws IOException {
        BufferedImage stored = TestImages.pattern(40, 24);
        byte[] jpeg = TestImages.jpegWithExif(stored, 6);
        Path file = Files.write(dir.resolve("in.jpg"), jpeg);
        assertEquals(ExifOrientation.ROTATE_90_CW, ExifOrientation.of(jpeg));

        BufferedImage fromBytes = STRICT.decode(jpeg, "in.jpg").image();
        BufferedImage fromFile = STRICT.read(file).image();

        assertEquals(24, fromBytes.getWidth(), "orientation 6 shows the 40x24 landscape as a 24x40 portrait");
        assertEquals(40, fromBytes.getHeight());
        assertArrayEquals(pixels(fromFile), pixels(fromBytes));
        // The top-left pixel shown is the bottom-left one stored (turned 90 degrees clockwise).
        BufferedImage plain = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertEquals(plain.getRGB(0, 23), fromBytes.getRGB(0, 0));
    }

    @Test
    void damagedBombAndForeignBytesFailAsTheirFilesDo(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(TestImages.pattern(64, 64), "jpg", jpg);
        byte[] cut = Arrays.copyOf(jpg.toByteArray(), jpg.size() * 9 / 10);
        byte[] foreign = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] bomb = TestImages.pngClaiming(100_000, 100_000);
        for (byte[] bytes : new byte[][] {cut, foreign, bomb}) {
            Path file = Files.write(dir.resolve("x.jpg"), bytes);
            String fileMessage = assertThrows(FaceAnonException.class, () -> STRICT.read(file)).getMessage();
            String bytesMessage = assertThrows(FaceAnonException.class, () -> STRICT.decode(bytes, file.toString()))
                    .getMessage();
            assertEquals(fileMessage, bytesMessage);
        }
        String damaged = assertThrows(FaceAnonException.class, () -> STRICT.decode(cut, "cut.jpg")).getMessage();
        assertTrue(damaged.startsWith("damaged image: ") && damaged.contains("use acceptDamaged to process it"),
                damaged);
        ImageDecoder.Decoded accepted = new ImageDecoder(true, "acceptDamaged").decode(cut, "cut.jpg");
        assertEquals(64, accepted.image().getWidth());
        assertTrue(!accepted.damage().isEmpty());
    }
}
