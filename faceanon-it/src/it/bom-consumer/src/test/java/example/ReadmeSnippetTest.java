package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.AnonymizationResult;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceOutcome;
import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's library snippet, compiled against the published artifacts only (the BOM and anonymizer-djl from a
 * repository), run on the tiny random-weight model with the face given, as the README says for integration tests.
 */
class ReadmeSnippetTest {
    private static final Face FACE = new Face(new BoundingBox(50, 45, 110, 120), 1, LandmarkScheme.FIVE_POINT,
            List.of(new Point(68, 72), new Point(92, 72), new Point(80, 88), new Point(70, 102), new Point(90, 102)));

    @Test
    void theSnippetAnonymizesAFace() {
        BufferedImage photo = new BufferedImage(160, 160, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 160; x++) {
                photo.setRGB(x, y, (x * 3 % 256) << 16 | (y * 5 % 256) << 8 | (x + y) % 256);
            }
        }
        ModelOptions options = ModelOptions.builder().variant(ModelVariant.TINY_RANDOM).build();
        try (FaceModels models = FaceModels.load(options)) {
            FaceAnonymizer anonymizer = models.anonymizer();
            AnonymizationResult result = anonymizer.anonymize(photo, List.of(FACE));
            assertEquals(1, result.faces().size());
            FaceOutcome face = result.faces().get(0);
            assertTrue(result.allAnonymized(), face.action() + " " + face.reason());
            assertNotEquals(photo.getRGB(80, 88), result.image().getRGB(80, 88), "the face did not change");
            assertEquals(photo.getRGB(2, 2), result.image().getRGB(2, 2), "the background changed");
        }
    }
}
