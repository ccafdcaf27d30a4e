package dev.faceanon.djl.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.AnonymizationResult;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceOutcome;
import dev.faceanon.align.InnerFaceRegion;
import dev.faceanon.align.PasteBack;
import dev.faceanon.align.PasteMask;
import dev.faceanon.align.WholeFaceAlignment;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.AlignmentGoldenRunner;
import dev.faceanon.face.Face;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.sampling.SamplerKind;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-the-wild check shared by the pipeline tests: the alignment golden's synthetic photo with
 * its three landmark sets (one rotated by −35° near a corner) as caller-supplied detections, run
 * through {@code anonymize(photo, faces)}. Every face region must change; nothing outside the
 * feathered paste masks may.
 */
final class InTheWildPhoto {

    private InTheWildPhoto() {}

    /**
     * The alignment golden's photo and its faces.
     *
     * @param photo the synthetic photo
     * @param faces its three faces, with the golden's landmark sets
     */
    record Scene(RgbImage photo, List<Face> faces) {}

    /** @return the scene of the alignment golden */
    static Scene scene() {
        List<Face> faces = new ArrayList<>();
        try (GoldenCase alignment = GoldenDirectory.fromSystemProperty().open("alignment")) {
            for (int k = 0; alignment.has("set" + k + ".landmarks"); k++) {
                faces.add(AlignmentGoldenRunner.face(alignment, "set" + k + ".landmarks"));
            }
            return new Scene(alignment.rgbImage("input.image_u8"), List.copyOf(faces));
        }
    }

    /**
     * @param models loaded models
     * @param size the side they generate at
     */
    static void assertEveryFaceRegionChangesAndTheRestIsUntouched(FaceModels models, int size) {
        Scene scene = scene();
        RgbImage photo = scene.photo();
        List<Face> faces = scene.faces();
        assertEquals(3, faces.size());
        BufferedImage input = BufferedImageConverter.toBufferedImage(photo);
        AnonymizationResult r = models.anonymizer(DiffusionConfig.builder().sampler(SamplerKind.DPM_SOLVER_PP_2M)
                .steps(4).seed(9).build()).withMinimumFaceSize(1).anonymize(input, faces);
        assertEquals(3, r.faces().size());
        assertTrue(r.allAnonymized(), r.faces().toString());
        int w = photo.width();
        int h = photo.height();
        List<PasteMask> masks = new ArrayList<>();
        for (FaceOutcome o : r.faces()) {
            var m = WholeFaceAlignment.imageToCrop(o.face(), size);
            masks.add(PasteBack.feathered().mask(m, size, w, h));
            int inside = 0;
            int changed = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (InnerFaceRegion.WHOLE_FACE.contains(m, size, x, y)) {
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
