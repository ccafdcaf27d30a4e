package dev.faceanon.djl.pipeline;

import dev.faceanon.FaceModels;
import dev.faceanon.ModelOptions;
import dev.faceanon.Precision;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.golden.GoldenModelDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole in-the-wild chain with the golden tiny diffusion networks: a photo with several faces,
 * detections supplied by the caller, the real pipeline per face, protected feathered compositing
 * (see {@link InTheWildPhoto}).
 */
class InTheWildPipelineTest {
    private static final int SIZE = 128;

    @Test
    void everyFaceRegionChangesAndTheRestOfThePhotoIsUntouched(@TempDir Path dir) throws Exception {
        GoldenModelDirectory.create(GoldenDirectory.fromSystemProperty(), dir);
        try (FaceModels models = FaceModels.load(ModelOptions.builder().directory(dir).imageSize(SIZE).device("cpu")
                .precision(Precision.FLOAT32).build())) {
            InTheWildPhoto.assertEveryFaceRegionChangesAndTheRestIsUntouched(models, SIZE);
        }
    }
}
