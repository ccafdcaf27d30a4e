package dev.faceanon.djl.recognition;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.face.Point;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The recognizer on the real photo behaves as a recognizer: the same face re-encoded as JPEG and moved by a couple
 * of pixels stays within the match threshold, while images that are clearly not that face are far from it.
 */
class FaceRecognitionSanityTest {
    private static final double THRESHOLD = FaceRecognizer.DEFAULT_MATCH_THRESHOLD;

    private final FaceApiRecognizer recognizer = FaceApiFixtures.recognizer();
    private final RgbImage photo = FaceApiFixtures.astronaut();
    private final Face face = FaceApiFixtures.astronautFace();
    private final FaceDescriptor original = recognizer.describe(photo, face);

    @Test
    void theSameFaceReEncodedAndShiftedStaysWithinTheThreshold() throws IOException {
        RgbImage jpeg = jpeg(photo, 0.75f);
        double reEncoded = original.distanceTo(recognizer.describe(jpeg, face));
        // The photo moved by (+2, +1) pixels under unchanged landmarks: the crop sees the face off by that much.
        double shifted = original.distanceTo(recognizer.describe(shift(photo, 2, 1), face));
        // And the landmarks moved instead, as another detector would place them.
        double landmarksMoved = original.distanceTo(recognizer.describe(jpeg, moved(face, -2, 2)));
        System.out.printf("same face: JPEG 75 %.3f, shifted (2,1) %.3f, JPEG + landmarks moved (-2,2) %.3f%n",
                reEncoded, shifted, landmarksMoved);
        for (double d : new double[] {reEncoded, shifted, landmarksMoved}) {
            assertTrue(d < THRESHOLD / 2, "distance " + d + " for the same face");
        }
    }

    @Test
    void clearlyDifferentImagesAreFar() {
        double upsideDown = original.distanceTo(recognizer.describe(flipVertically(photo), face));
        double blurred = original.distanceTo(recognizer.describe(boxBlur(photo, 12), face));
        double noise = original.distanceTo(recognizer.describe(noise(photo.width(), photo.height(), 7), face));
        double flat = original.distanceTo(recognizer.describe(flat(photo.width(), photo.height()), face));
        System.out.printf("different: upside down %.3f, blurred %.3f, noise %.3f, flat grey %.3f%n", upsideDown,
                blurred, noise, flat);
        for (double d : new double[] {upsideDown, blurred, noise, flat}) {
            assertTrue(d > THRESHOLD, "distance " + d + " for an image that is not the face");
        }
    }

    private static RgbImage jpeg(RgbImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(BufferedImageConverter.toBufferedImage(image, BufferedImage.TYPE_INT_RGB),
                    null, null), param);
        } finally {
            writer.dispose();
        }
        return new BufferedImageConverter().toRgbImage(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
    }

    /** The content moved right by dx and down by dy, edges repeated. */
    private static RgbImage shift(RgbImage image, int dx, int dy) {
        return map(image, (x, y) -> image.rgb(clamp(x - dx, image.width()), clamp(y - dy, image.height())));
    }

    private static RgbImage flipVertically(RgbImage image) {
        return map(image, (x, y) -> image.rgb(x, image.height() - 1 - y));
    }

    /** A (2r+1)² box blur, edges repeated. */
    private static RgbImage boxBlur(RgbImage image, int r) {
        return map(image, (x, y) -> {
            int[] sum = new int[3];
            for (int j = -r; j <= r; j++) {
                for (int i = -r; i <= r; i++) {
                    int rgb = image.rgb(clamp(x + i, image.width()), clamp(y + j, image.height()));
                    sum[0] += rgb >> 16 & 0xFF;
                    sum[1] += rgb >> 8 & 0xFF;
                    sum[2] += rgb & 0xFF;
                }
            }
            int n = (2 * r + 1) * (2 * r + 1);
            return Math.round(sum[0] / (float) n) << 16 | Math.round(sum[1] / (float) n) << 8
                    | Math.round(sum[2] / (float) n);
        });
    }

    private static RgbImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        byte[] rgb = new byte[width * height * 3];
        random.nextBytes(rgb);
        return RgbImage.of(width, height, rgb);
    }

    private static RgbImage flat(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        java.util.Arrays.fill(rgb, (byte) 128);
        return RgbImage.of(width, height, rgb);
    }

    private static Face moved(Face face, double dx, double dy) {
        List<Point> points = new ArrayList<>();
        for (Point p : face.landmarks()) {
            points.add(new Point(p.x() + dx, p.y() + dy));
        }
        return new Face(face.box(), face.score(), face.scheme(), points);
    }

    private interface PixelFunction {
        int rgb(int x, int y);
    }

    private static RgbImage map(RgbImage image, PixelFunction f) {
        byte[] out = new byte[image.width() * image.height() * 3];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int rgb = f.rgb(x, y);
                int i = (y * image.width() + x) * 3;
                out[i] = (byte) (rgb >> 16);
                out[i + 1] = (byte) (rgb >> 8);
                out[i + 2] = (byte) rgb;
            }
        }
        return RgbImage.of(image.width(), image.height(), out);
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}
