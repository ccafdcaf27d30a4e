package dev.faceanon.batch;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Image files for the tests of batch processing (here, the command line, Spark), built byte by byte
 * where the test needs to know every byte.
 */
public final class TestImages {

    private TestImages() {}

    /** A deterministic colourful image in which every pixel differs from its neighbours. */
    public static BufferedImage pattern(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x * 37) & 0xff) << 16 | ((y * 53) & 0xff) << 8 | ((x * y) & 0xff));
            }
        }
        return image;
    }

    /**
     * A JPEG whose APP1 segment holds an EXIF IFD0 with the orientation and a GPS IFD with a
     * latitude reference, laid out by hand (TIFF little-endian).
     */
    public static byte[] jpegWithExif(BufferedImage image, int orientation) throws IOException {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", jpeg);
        byte[] plain = jpeg.toByteArray();
        ByteBuffer tiff = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put("II".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);                                            // IFD0 at 8: two entries
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38); // GPS IFD pointer
        tiff.putInt(0);                                                      // no IFD1
        tiff.putShort((short) 1);                                            // GPS IFD at 38
        tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        tiff.putInt(0);
        int tiffLength = tiff.position();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);                                              // SOI
        int segmentLength = 2 + 6 + tiffLength;
        out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (segmentLength >> 8), (byte) segmentLength});
        out.write("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.write(tiff.array(), 0, tiffLength);
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    /**
     * A PNG of 8x8 pixels whose header claims other dimensions (with a valid CRC): a decompression
     * bomb as a decoder sees it before decoding.
     */
    public static byte[] pngClaiming(int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(pattern(8, 8), "png", png);
        byte[] bytes = png.toByteArray();
        // IHDR data starts at byte 16: width, height; then its CRC over type + data at 29.
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(bytes, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return bytes;
    }

    public static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * @param file an image file
     * @return its pixels, upright, as the batch tools decode it; a damaged file fails
     * @throws IOException if reading fails
     */
    public static BufferedImage read(Path file) throws IOException {
        return new ImageDecoder(false, "acceptDamaged").read(file).image();
    }

    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
