package dev.faceanon.djl.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.image.RgbImage;
import dev.faceanon.testing.RealAstronaut;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The Java recognizer against the package's own JavaScript (face-api 1.7.15 on TensorFlow.js 4.22.0, CPU backend),
 * on the inputs make_reference.mjs wrote: crops of the real photo and synthetic images of several shapes (padding
 * and resizing exercised), and the real photo's face cut out by face-api's own crop rule.
 */
class FaceRecognitionParityTest {
    /**
     * Largest difference of any descriptor value. Measured: see docs/parity.md; float32 convolutions summed in a
     * different order (oneDNN here, TensorFlow.js's loops there) through 30 layers.
     */
    static final double VALUE_TOLERANCE = 4e-6;
    /** Largest Euclidean distance between the two descriptors of an input (the match threshold is 0.6). */
    static final double DISTANCE_TOLERANCE = 1e-5;

    @Test
    void everyChipMatchesTheJavaScriptReference() {
        FaceApiRecognizer recognizer = FaceApiFixtures.recognizer();
        JsonObject reference = FaceApiFixtures.reference();
        assertEquals("1.7.15", reference.get("faceApi").getAsString());
        int chips = 0;
        double worstValue = 0;
        double worstDistance = 0;
        for (JsonElement e : reference.getAsJsonArray("chips")) {
            JsonObject chip = e.getAsJsonObject();
            String file = chip.get("file").getAsString();
            RgbImage image = FaceApiFixtures.png(FaceApiFixtures.resource(file));
            assertEquals(chip.get("width").getAsInt(), image.width(), file);
            assertEquals(chip.get("height").getAsInt(), image.height(), file);
            FaceDescriptor actual = recognizer.describeCrop(image);
            FaceDescriptor expected = FaceDescriptor.of(FaceApiFixtures.descriptor(chip));
            double value = maxDifference(actual, expected);
            double distance = actual.distanceTo(expected);
            worstValue = Math.max(worstValue, value);
            worstDistance = Math.max(worstDistance, distance);
            assertTrue(value <= VALUE_TOLERANCE, file + ": largest value difference " + value);
            assertTrue(distance <= DISTANCE_TOLERANCE, file + ": distance " + distance);
            chips++;
        }
        assertEquals(8, chips);
        System.out.printf("recognizer parity over %d chips: max |diff| %.3g, max distance %.3g%n", chips, worstValue,
                worstDistance);
    }

    @Test
    void thePhotosFaceIsCutAndDescribedAsFaceApiDoes() throws Exception {
        JsonObject expected = FaceApiFixtures.reference().getAsJsonObject("photoFace");
        assertEquals(expected.get("photoSha256").getAsString(),
                sha256(RealAstronaut.photoFile()), "the reference was made from this photo");
        RgbImage photo = FaceApiFixtures.astronaut();
        Face face = FaceApiFixtures.astronautFace();
        JsonObject box = expected.getAsJsonObject("cropBox");
        assertEquals(new RecognitionCrop(box.get("x").getAsInt(), box.get("y").getAsInt(), box.get("width").getAsInt(),
                box.get("height").getAsInt()), RecognitionCrop.of(face, photo.width(), photo.height()));
        FaceDescriptor actual = FaceApiFixtures.recognizer().describe(photo, face);
        FaceDescriptor reference = FaceDescriptor.of(FaceApiFixtures.descriptor(expected));
        double value = maxDifference(actual, reference);
        assertTrue(value <= VALUE_TOLERANCE, "largest value difference " + value);
        assertTrue(actual.distanceTo(reference) <= DISTANCE_TOLERANCE, "distance " + actual.distanceTo(reference));
        System.out.printf("recognizer parity on the photo's face: max |diff| %.3g, distance %.3g%n", value,
                actual.distanceTo(reference));
    }

    static double maxDifference(FaceDescriptor a, FaceDescriptor b) {
        double max = 0;
        for (int i = 0; i < FaceDescriptor.LENGTH; i++) {
            max = Math.max(max, Math.abs((double) a.get(i) - b.get(i)));
        }
        return max;
    }

    private static String sha256(java.nio.file.Path file) throws IOException, java.security.NoSuchAlgorithmException {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            d.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
