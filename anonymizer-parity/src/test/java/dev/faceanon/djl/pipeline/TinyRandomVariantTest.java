package dev.faceanon.djl.pipeline;

import static dev.faceanon.djl.pipeline.TinyPipelineFixtures.config;
import static dev.faceanon.djl.pipeline.TinyPipelineFixtures.goldenFace;
import static dev.faceanon.djl.pipeline.TinyPipelineFixtures.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.CancellationToken;
import dev.faceanon.FaceModels;
import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import dev.faceanon.djl.model.ModelLayout;
import dev.faceanon.djl.model.TinyRandomModel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.SeededNoiseSource;
import dev.faceanon.spi.DiffusionBackend;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelVariant#TINY_RANDOM} through the public API: generated, loaded and run with no model
 * files, offline.
 */
class TinyRandomVariantTest {
    private static final int SIZE = 128;
    private static final ModelOptions OPTIONS = ModelOptions.builder().variant(ModelVariant.TINY_RANDOM)
            .device("cpu").precision(Precision.FLOAT32).build();

    private static FaceModels models;
    private static BufferedImage face;
    private static BufferedImage otherFace;

    @BeforeAll
    static void load() {
        models = FaceModels.load(OPTIONS);
        face = goldenFace("input.conditioning_image_u8");
        otherFace = goldenFace("input.source_image_u8");
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void generatesAt128AndSaysItsOutputIsNotAFace() {
        assertEquals(SIZE, models.modelSize());
        String description = models.describe();
        assertTrue(description.contains("random weights") && description.contains("not a real face"), description);
        assertTrue(description.contains("cpu") && description.contains("float32"), description);
    }

    @Test
    void anonymizeAlignedIsDeterministicPerSeedAndVaries() {
        BufferedImage out = models.anonymizer(config(7)).anonymizeAligned(face);
        assertEquals(SIZE, out.getWidth());
        assertEquals(SIZE, out.getHeight());
        byte[] first = pixels(out);
        assertArrayEquals(first, pixels(models.anonymizer(config(7)).anonymizeAligned(face)));
        assertFalse(Arrays.equals(first, pixels(models.anonymizer(config(8)).anonymizeAligned(face))));
        assertFalse(Arrays.equals(first, pixels(face)), "the face must change");
        long distinct = IntStream.range(0, first.length).map(i -> first[i] & 0xff).distinct().count();
        assertTrue(distinct > 32, distinct + " distinct byte values");
    }

    @Test
    void swapRuns() {
        BufferedImage out = models.swapper(config(4)).swap(otherFace, face);
        assertEquals(SIZE, out.getWidth());
        assertFalse(Arrays.equals(pixels(out), pixels(face)));
    }

    @Test
    void anonymizeWithCallerFacesChangesOnlyTheFaceRegions() {
        InTheWildPhoto.assertEveryFaceRegionChangesAndTheRestIsUntouched(models, SIZE);
    }

    @Test
    void noDetectorComesWithIt() {
        BufferedImage photo = new BufferedImage(300, 200, BufferedImage.TYPE_3BYTE_BGR);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> models.anonymizer(config(1)).anonymize(photo));
        assertTrue(e.getMessage().contains("tiny-random") && e.getMessage().contains("anonymize(photo, faces)")
                && e.getMessage().contains("--faces") && e.getMessage().contains("--aligned"), e.getMessage());
    }

    @Test
    void aModelDirectoryIsRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaceModels.load(
                ModelOptions.builder().variant(ModelVariant.TINY_RANDOM).directory(dir).device("cpu").build()));
        assertTrue(e.getMessage().contains("TINY_RANDOM"), e.getMessage());
    }

    @Test
    void theGeneratedFilesAreDeletedOnceLoadedAndTheModelStillRuns(@TempDir Path parent) throws Exception {
        DiffusionBackend backend = DjlBackendProvider.openTinyRandom(OPTIONS, parent);
        try (FaceModels loaded = FaceModels.of(backend)) {
            try (Stream<Path> left = Files.list(parent)) {
                assertEquals(List.of(), left.toList());
            }
            assertArrayEquals(pixels(models.anonymizer(config(3)).anonymizeAligned(face)),
                    pixels(loaded.anonymizer(config(3)).anonymizeAligned(face)));
        }
    }

    @Test
    void everyIntermediateIsFiniteAndTheOutputIsNotConstant(@TempDir Path dir) throws Exception {
        ModelLayout layout = TinyRandomModel.standard().writeTo(dir);
        List<String> nonFinite = new ArrayList<>();
        float[][] output = new float[1][];
        try (NDManager m = NDManager.newBaseManager();
                ReferenceNetPipeline pipeline = PipelineLoader.load(layout, m, DataType.FLOAT32,
                        AttentionOptions.defaults(false))) {
            RgbImage input = new BufferedImageConverter().toRgbImage(face);
            GenerationRequest request = new GenerationRequest(GenerationMode.ANONYMIZE, input, input, config(5),
                    new SeededNoiseSource(5), e -> { }, new CancellationToken(), 0);
            pipeline.generate(request, (name, value) -> {
                NDArray floats = value.toType(DataType.FLOAT32, false);
                if (floats.isNaN().any().getBoolean() || floats.isInfinite().any().getBoolean()) {
                    nonFinite.add(name);
                }
                if (name.equals("output.image_float")) {
                    output[0] = floats.toFloatArray();
                }
            });
        }
        assertEquals(List.of(), nonFinite);
        double mean = 0;
        for (float v : output[0]) {
            mean += v;
        }
        mean /= output[0].length;
        double variance = 0;
        for (float v : output[0]) {
            variance += (v - mean) * (v - mean);
        }
        variance /= output[0].length;
        assertEquals(SIZE * SIZE * 3, output[0].length);
        // Measured: mean 0.49, standard deviation 0.26 on [0, 1]; a saturated or collapsed decoder
        // would be near 0.
        assertTrue(Math.sqrt(variance) > 0.05, "output standard deviation " + Math.sqrt(variance));
    }
}
