package dev.faceanon.djl.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.npm.TarGzEntries;
import dev.faceanon.djl.npm.TestTarGz;
import dev.faceanon.djl.weights.TfjsWeightManifest;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelFileException;
import dev.faceanon.model.WeightFormatException;
import dev.faceanon.model.WeightMismatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceApiRecognizerTest {
    private static final Map<String, Long> ENTRIES = Map.of(FaceApiRecognizer.MANIFEST_ENTRY, 1L << 20,
            FaceApiRecognizer.WEIGHTS_ENTRY, 16L << 20);

    @TempDir
    Path dir;

    private static Map<String, byte[]> publishedEntries() {
        return TarGzEntries.read(FaceApiFixtures.tarball(), ENTRIES, 256L << 20);
    }

    @Test
    void theJavaBlocksAskForExactlyThePublishedWeights() {
        TfjsWeightManifest manifest = TfjsWeightManifest.parse(
                publishedEntries().get(FaceApiRecognizer.MANIFEST_ENTRY), Path.of("manifest.json"));
        List<String> published = new ArrayList<>();
        for (TfjsWeightManifest.Group g : manifest.groups()) {
            assertEquals(List.of("face_recognition_model.bin"), g.paths());
            for (TfjsWeightManifest.Weight w : g.weights()) {
                published.add(w.name().replace('/', '.') + " " + Arrays.toString(w.dimensions()));
            }
        }
        List<String> asked = new ArrayList<>();
        for (ParameterSpec p : FaceRecognitionNet.expectedParameters()) {
            asked.add(p.key() + " " + Arrays.toString(p.shape()));
        }
        assertEquals(117, published.size());
        assertEquals(published, asked, "same names, same shapes, same order");
    }

    @Test
    void callsLeaveNoArraysBehindAndConcurrentCallsAgree() throws Exception {
        RgbImage photo = FaceApiFixtures.astronaut();
        Face face = FaceApiFixtures.astronautFace();
        RgbImage chip = FaceApiFixtures.png(FaceApiFixtures.resource("chips/noise-150x150.png"));
        try (FaceApiRecognizer recognizer = FaceApiRecognizer.open(FaceApiFixtures.tarball(), Device.cpu())) {
            int weights = recognizer.manager().getManagedArrays().size();
            FaceDescriptor ofFace = recognizer.describe(photo, face);
            FaceDescriptor ofChip = recognizer.describeCrop(chip);
            for (int i = 0; i < 10; i++) {
                assertEquals(ofFace, recognizer.describe(photo, face), "deterministic");
                assertEquals(weights, recognizer.manager().getManagedArrays().size(), "arrays left after call " + i);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<FaceDescriptor>> faces = new ArrayList<>();
                List<Future<FaceDescriptor>> chips = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    faces.add(pool.submit(() -> recognizer.describe(photo, face)));
                    chips.add(pool.submit(() -> recognizer.describeCrop(chip)));
                }
                for (int i = 0; i < faces.size(); i++) {
                    assertEquals(ofFace, faces.get(i).get());
                    assertEquals(ofChip, chips.get(i).get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(weights, recognizer.manager().getManagedArrays().size(), "arrays left after the threads");
        }
    }

    @Test
    void aFaceWithoutSixtyEightLandmarksIsCutAtItsBoxAndOneOutsideThePhotoIsRefused() {
        FaceApiRecognizer recognizer = FaceApiFixtures.recognizer();
        RgbImage photo = FaceApiFixtures.astronaut();
        Face five = new Face(new BoundingBox(179, 83, 266, 170), 1, LandmarkScheme.FIVE_POINT, List.of(
                new Point(200, 110), new Point(240, 110), new Point(220, 130), new Point(205, 150), new Point(235, 150)));
        assertEquals(recognizer.describe(photo, new RecognitionCrop(179, 83, 87, 87)), recognizer.describe(photo, five));
        Face outside = new Face(new BoundingBox(600, 600, 700, 700), 1, LandmarkScheme.FIVE_POINT, five.landmarks());
        assertThrows(IllegalArgumentException.class, () -> recognizer.describe(photo, outside));
        assertEquals(recognizer.describe(photo, FaceApiFixtures.astronautFace()),
                recognizer.describe(BufferedImageConverter.toBufferedImage(photo), FaceApiFixtures.astronautFace()),
                "the BufferedImage overload describes the same pixels");
    }

    @Test
    void onlyThePinnedTarballIsOpened() throws IOException {
        assertThrows(MissingModelFileException.class, () -> FaceApiRecognizer.open(dir.resolve("absent.tgz"),
                Device.cpu()));
        Map<String, byte[]> entries = publishedEntries();
        Path repacked = Files.write(dir.resolve("repacked.tgz"), new TestTarGz()
                .file(FaceApiRecognizer.MANIFEST_ENTRY, entries.get(FaceApiRecognizer.MANIFEST_ENTRY))
                .file(FaceApiRecognizer.WEIGHTS_ENTRY, entries.get(FaceApiRecognizer.WEIGHTS_ENTRY)).toTgz());
        ModelFileException e = assertThrows(ModelFileException.class, () -> FaceApiRecognizer.open(repacked,
                Device.cpu()));
        assertTrue(e.getMessage().contains(FaceApiRecognizer.PACKAGE.sha256()), e.getMessage());
        // The same content, unpinned, loads and computes the same descriptors.
        RgbImage chip = FaceApiFixtures.png(FaceApiFixtures.resource("chips/gradient-150x150.png"));
        try (FaceApiRecognizer unpinned = FaceApiRecognizer.openUnpinned(repacked, Device.cpu())) {
            assertEquals(FaceApiFixtures.recognizer().describeCrop(chip), unpinned.describeCrop(chip));
        }
    }

    @Test
    void alteredWeightsAreRefusedWithWhatIsWrong() throws IOException {
        Map<String, byte[]> entries = publishedEntries();
        String manifest = new String(entries.get(FaceApiRecognizer.MANIFEST_ENTRY), StandardCharsets.UTF_8);
        byte[] weights = entries.get(FaceApiRecognizer.WEIGHTS_ENTRY);

        Path renamed = repack("renamed.tgz", manifest.replace("\"fc\"", "\"fully_connected\""), weights);
        WeightMismatchException mismatch = assertThrows(WeightMismatchException.class,
                () -> FaceApiRecognizer.openUnpinned(renamed, Device.cpu()));
        assertTrue(mismatch.getMessage().contains("fc") && mismatch.getMessage().contains("fully_connected"),
                mismatch.getMessage());

        Path shortWeights = repack("short.tgz", manifest, Arrays.copyOf(weights, weights.length - 1));
        WeightFormatException truncated = assertThrows(WeightFormatException.class,
                () -> FaceApiRecognizer.openUnpinned(shortWeights, Device.cpu()));
        assertTrue(truncated.getMessage().contains("holds " + (weights.length - 1) + " bytes"), truncated.getMessage());

        Path reshaped = repack("reshaped.tgz", manifest.replace("\"shape\":[256,128]", "\"shape\":[128,256]"), weights);
        WeightMismatchException shape = assertThrows(WeightMismatchException.class,
                () -> FaceApiRecognizer.openUnpinned(reshaped, Device.cpu()));
        assertTrue(shape.getMessage().contains("[256, 128]"), shape.getMessage());
    }

    private Path repack(String name, String manifest, byte[] weights) throws IOException {
        return Files.write(dir.resolve(name), new TestTarGz()
                .file(FaceApiRecognizer.MANIFEST_ENTRY, manifest.getBytes(StandardCharsets.UTF_8))
                .file(FaceApiRecognizer.WEIGHTS_ENTRY, weights).toTgz());
    }
}
