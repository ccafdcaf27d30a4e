package dev.faceanon.djl.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.AnonymizationResult;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceOutcome;
import dev.faceanon.ModelOptions;
import dev.faceanon.Precision;
import dev.faceanon.align.InnerFaceRegion;
import dev.faceanon.align.PasteBack;
import dev.faceanon.align.PasteMask;
import dev.faceanon.align.WholeFaceAlignment;
import dev.faceanon.djl.golden.GoldenCase;
import dev.faceanon.djl.golden.GoldenDirectory;
import dev.faceanon.djl.golden.GoldenModelDirectory;
import dev.faceanon.djl.parity.AlignmentGoldenRunner;
import dev.faceanon.face.Face;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.sampling.SamplerKind;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole in-the-wild chain with the tiny diffusion networks: a photo with several faces (the
 * alignment golden's synthetic photo and its three landmark sets, one rotated by −35° near a
 * corner), detections supplied by the caller, the real pipeline per face, protected feathered
 * compositing. Every face region must change; nothing outside the crop squares may.
 */
class InTheWildPipelineTest {
    private static final int SIZE = 128;

    @Test
    void everyFaceRegionChangesAndTheRestOfThePhotoIsUntouched(@TempDir Path dir) throws Exception {
        GoldenDirectory golden = GoldenDirectory.fromSystemProperty();
        GoldenModelDirectory.create(golden, dir);
        RgbImage photo;
        List<Face> faces = new ArrayList<>();
        try (GoldenCase alignment = golden.open("alignment")) {
            photo = alignment.rgbImage("input.image_u8");
            for (int k = 0; alignment.has("set" + k + ".landmarks"); k++) {
                faces.add(AlignmentGoldenRunner.face(alignment, "set" + k + ".landmarks"));
            }
        }
        assertEquals(3, faces.size());
        BufferedImage input = BufferedImageConverter.toBufferedImage(photo);
        try (FaceModels models = FaceModels.load(ModelOptions.builder().directory(dir).imageSize(SIZE).device("cpu")
                .precision(Precision.FLOAT32).build())) {
            AnonymizationResult r = models.anonymizer(DiffusionConfig.builder().sampler(SamplerKind.DPM_SOLVER_PP_2M)
                    .steps(4).seed(9).build()).withMinimumFaceSize(1).anonymize(input, faces);
            assertEquals(3, r.faces().size());
            assertTrue(r.allAnonymized(), r.faces().toString());
            int w = photo.width();
            int h = photo.height();
            List<PasteMask> masks = new ArrayList<>();
            for (FaceOutcome o : r.faces()) {
                var m = WholeFaceAlignment.imageToCrop(o.face(), SIZE);
                masks.add(PasteBack.feathered().mask(m, SIZE, w, h));
                int inside = 0;
                int changed = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (InnerFaceRegion.WHOLE_FACE.contains(m, SIZE, x, y)) {
                            inside++;
                            if (input.getRGB(x, y) != r.image().getRGB(x, y)) {
                                changed++;
                            }
                        }
                    }
                }
                assertTrue(inside > 100, "face region of " + inside + " pixels");
                // Generated content differs from the original nearly everywhere; allow coincidences.
                assertTrue(changed > 0.95 * inside, "face " + o.index() + ": " + changed + " of " + inside + " changed");
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    final int fx = x;
                    final int fy = y;
                    if (masks.stream().allMatch(m -> m.alpha(fx, fy) == 0)) {
                        assertEquals(input.getRGB(x, y), r.image().getRGB(x, y), "changed outside at " + x + "," + y);
                    }
                }
            }
        }
    }
}
