package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading applies EXIF orientation and refuses bombs; writing keeps no metadata and is atomic. */
class ImageFilesTest {
    private static final ImageDecoder STRICT = new ImageDecoder(false, "--accept-damaged");


    @Test
    void exifAndGpsDoNotSurviveAndOrientationIsApplied(@TempDir Path dir) throws IOException {
        BufferedImage stored = TestImages.pattern(40, 24);
        byte[] withExif = TestImages.jpegWithExif(stored, 6);
        assertTrue(TestImages.contains(withExif, "Exif"));
        Path in = Files.write(dir.resolve("in.jpg"), withExif);
        assertEquals(ExifOrientation.ROTATE_90_CW, ExifOrientation.of(in));

        BufferedImage upright = TestImages.read(in);
        // Orientation 6: the stored 40x24 landscape is shown as a 24x40 portrait.
        assertEquals(24, upright.getWidth());
        assertEquals(40, upright.getHeight());

        Path out = dir.resolve("out.jpg");
        ImageFiles.write(upright, out);
        byte[] written = Files.readAllBytes(out);
        assertFalse(TestImages.contains(written, "Exif"), "EXIF segment written");
        assertEquals(ExifOrientation.NORMAL, ExifOrientation.of(out));
        Path png = dir.resolve("out.png");
        ImageFiles.write(upright, png);
        assertFalse(TestImages.contains(Files.readAllBytes(png), "eXIf"), "PNG EXIF chunk written");
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "temporary file left");
        }
    }

    @Test
    void everyOrientationIsTheExifPermutation() {
        // Stored 3x2:  a b c      The displayed layout of each orientation, by the EXIF definition
        //              d e f      (1 = as stored ... 8 = rotated 90 degrees counter-clockwise).
        BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int[] v = {1, 2, 3, 4, 5, 6};
        for (int i = 0; i < 6; i++) {
            stored.setRGB(i % 3, i / 3, v[i]);
        }
        int[][][] expected = {
            {{1, 2, 3}, {4, 5, 6}},
            {{3, 2, 1}, {6, 5, 4}},
            {{6, 5, 4}, {3, 2, 1}},
            {{4, 5, 6}, {1, 2, 3}},
            {{1, 4}, {2, 5}, {3, 6}},
            {{4, 1}, {5, 2}, {6, 3}},
            {{6, 3}, {5, 2}, {4, 1}},
            {{3, 6}, {2, 5}, {1, 4}},
        };
        for (ExifOrientation o : ExifOrientation.values()) {
            BufferedImage shown = o.apply(stored);
            int[][] rows = expected[o.ordinal()];
            assertEquals(rows.length, shown.getHeight(), o.name());
            assertEquals(rows[0].length, shown.getWidth(), o.name());
            for (int y = 0; y < rows.length; y++) {
                for (int x = 0; x < rows[0].length; x++) {
                    assertEquals(rows[y][x], shown.getRGB(x, y) & 0xffffff, o + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void aHugeImageIsRefusedFromItsHeader(@TempDir Path dir) throws IOException {
        Path bomb = Files.write(dir.resolve("bomb.png"), TestImages.pngClaiming(100_000, 100_000));
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> TestImages.read(bomb));
        assertTrue(e.getMessage().startsWith("image too large: 100000x100000"), e.getMessage());
    }

    @Test
    void truncatedAndForeignFilesAreNamed(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jpg"), "hello");
        assertTrue(assertThrows(FaceAnonException.class, () -> TestImages.read(text)).getMessage()
                .startsWith("not a readable image"));
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(TestImages.pattern(64, 64), "jpg", jpg);
        Path cut = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpg.toByteArray(), 40));
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> TestImages.read(cut));
        assertTrue(e.getMessage().contains("cut.jpg"), e.getMessage());
    }

    @Test
    void damageTheDecoderReportsIsAnErrorUnlessAccepted(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(TestImages.pattern(64, 64), "jpg", jpg);
        Path cut = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpg.toByteArray(), jpg.size() * 9 / 10));
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> TestImages.read(cut));
        assertTrue(e.getMessage().startsWith("damaged image: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(cut.toString()), e.getMessage());
        ImageDecoder.Decoded accepted = new ImageDecoder(true, "--accept-damaged").read(cut);
        assertEquals(64, accepted.image().getWidth());
        assertFalse(accepted.damage().isEmpty());

        // A GIF whose LZW data is corrupt (no checksum to catch it; the decoder notices an impossible code).
        java.awt.image.BufferedImage indexed = new java.awt.image.BufferedImage(64, 64,
                java.awt.image.BufferedImage.TYPE_BYTE_INDEXED);
        indexed.getGraphics().drawImage(TestImages.pattern(64, 64), 0, 0, null);
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        ImageIO.write(indexed, "gif", gif);
        byte[] bytes = gif.toByteArray();
        int middle = bytes.length / 2 + 14;
        bytes[middle] ^= 0x5a;
        bytes[middle + 1] ^= (byte) 0xff;
        Path garbled = Files.write(dir.resolve("garbled.gif"), bytes);
        e = assertThrows(FaceAnonException.class, () -> TestImages.read(garbled));
        assertTrue(e.getMessage().startsWith("damaged image: "), e.getMessage());

        ImageDecoder.Decoded whole = STRICT.read(Files.write(dir.resolve("whole.jpg"), jpg.toByteArray()));
        assertTrue(whole.damage().isEmpty());
    }

    @Test
    void aTruncatedFileIsSaidToBeTruncated(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bmp = new ByteArrayOutputStream();
        ImageIO.write(TestImages.pattern(16, 16), "bmp", bmp);
        Path cut = Files.write(dir.resolve("cut.bmp"), java.util.Arrays.copyOf(bmp.toByteArray(), bmp.size() / 2));
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> TestImages.read(cut));
        assertEquals("not a readable image (truncated: the file ends too early): " + cut, e.getMessage());
    }

    @Test
    void anUnwritableFormatIsRefused(@TempDir Path dir) {
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> ImageFiles.write(
                new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR), dir.resolve("out.xyz")));
        assertTrue(e.getMessage().contains("use .png or .jpg"), e.getMessage());
    }
}
