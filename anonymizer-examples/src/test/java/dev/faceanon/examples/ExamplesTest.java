package dev.faceanon.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceModels;
import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.face.BoundingBox;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example programs run on the tiny random-weight model, with a detector that reports one known
 * face (the examples use the detector path; the published detector files are not available here).
 */
class ExamplesTest {
    /** One face in the middle of every 160×160 test photo. */
    private static final Face FACE = new Face(new BoundingBox(50, 45, 110, 120), 1, LandmarkScheme.FIVE_POINT,
            List.of(new Point(68, 72), new Point(92, 72), new Point(80, 88), new Point(70, 102), new Point(90, 102)));

    private static FaceModels models;

    @BeforeAll
    static void load() {
        ModelOptions options = ModelOptions.builder().variant(ModelVariant.TINY_RANDOM).build();
        FaceDetector oneFace = image -> List.of(FACE);
        models = FaceModels.of(new DjlBackendProvider().open(options), oneFace);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private static Path photo(Path dir, String name, int seed) throws IOException {
        BufferedImage image = new BufferedImage(160, 160, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 160; x++) {
                image.setRGB(x, y, (x * (3 + seed)) % 256 << 16 | (y * 5) % 256 << 8 | (x + y + seed * 40) % 256);
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static byte[] pixels(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(image, 0, 0, null);
        return ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    }

    @Test
    void quickStartAnonymizesAPhoto(@TempDir Path dir) throws IOException {
        Path in = photo(dir, "in.png", 1);
        Path out = dir.resolve("out.png");
        assertTrue(QuickStart.anonymizeFile(models, in, out));
        BufferedImage before = ImageIO.read(in.toFile());
        BufferedImage after = ImageIO.read(out.toFile());
        assertTrue(before.getRGB(80, 88) != after.getRGB(80, 88), "the face did not change");
        assertEquals(before.getRGB(2, 2), after.getRGB(2, 2), "a corner far from the face changed");
    }

    @Test
    void batchWithThreadsEqualsOneThreadAndSkipsBadFiles(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < 3; i++) {
            photo(in, "p" + i + ".png", i);
        }
        Files.writeString(in.resolve("broken.jpg"), "not an image");
        FaceAnonymizer anonymizer = models.anonymizer(DiffusionConfig.builder().steps(4).seed(11).build());

        List<BatchAnonymize.Outcome> parallel = BatchAnonymize.run(anonymizer, in, dir.resolve("two"), 2);
        List<BatchAnonymize.Outcome> serial = BatchAnonymize.run(anonymizer, in, dir.resolve("one"), 1);

        assertEquals(4, parallel.size());
        assertEquals("not a readable image", parallel.get(0).error());
        for (int i = 1; i < 4; i++) {
            assertNull(parallel.get(i).error());
            assertEquals(1, parallel.get(i).faces());
            String name = "p" + (i - 1) + ".png";
            // The same seed gives the same face whatever thread ran it.
            assertArrayEquals(pixels(dir.resolve("one").resolve(name)), pixels(dir.resolve("two").resolve(name)), name);
        }
        assertEquals(serial.stream().map(BatchAnonymize.Outcome::faces).toList(),
                parallel.stream().map(BatchAnonymize.Outcome::faces).toList());
    }
}
