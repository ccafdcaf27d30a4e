package dev.faceanon.djl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.weights.SafetensorsFile;
import dev.faceanon.djl.weights.SafetensorsWriter;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TorchCheckpoint;
import dev.faceanon.model.WeightMismatchException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The S3FD network against PyTorch: a reduced-width network with the published keys and graph,
 * random weights, saved by torch in both formats, and its twelve outputs on a fixed photo.
 */
class S3fdTest {
    /**
     * float32 convolutions of up to 9·64 terms in a different summation order (libtorch 2.7 oneDNN
     * here, torch 1.13 for the reference) agree to a few 1e-6 relative; 1e-4 leaves room for other
     * CPUs without hiding a wrong layer, which moves values by O(1).
     */
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"s3fd_w16_zip.pth", "s3fd_w16_legacy.pth"})
    void outputsMatchTorch(String file) throws IOException {
        JsonArray expected = DetectFixtures.json("s3fd_w16_expected.json").getAsJsonObject()
                .getAsJsonArray("outputs");
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                TorchCheckpoint checkpoint = TorchCheckpoint.open(DetectFixtures.path(file));
                S3fd net = S3fd.load(checkpoint, m, DetectFixtures.WIDTH_DIVISOR)) {
            NDList outputs = net.forward(S3fdDetector.preprocess(DetectFixtures.rgb("scene.png"), m));
            assertEquals(12, outputs.size());
            for (int i = 0; i < 12; i++) {
                JsonObject e = expected.get(i).getAsJsonObject();
                NDArray actual = outputs.get(i);
                assertArrayEquals(DetectFixtures.longs(e.getAsJsonArray("shape")), actual.getShape().getShape(),
                        "shape of output " + i);
                float[] want = DetectFixtures.floats(e.getAsJsonArray("values"));
                float[] got = actual.toFloatArray();
                for (int k = 0; k < want.length; k++) {
                    double err = Math.abs(got[k] - want[k]) / Math.max(1.0, Math.abs(want[k]));
                    assertTrue(err <= TOLERANCE, "output " + i + "[" + k + "]: " + got[k] + " vs " + want[k]);
                }
            }
        }
    }

    @Test
    void publishedParametersAreTheManifestOfTheFullWidthNetwork() {
        JsonObject manifest = DetectFixtures.json("s3fd_manifest.json").getAsJsonObject();
        Map<String, List<Long>> expected = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : manifest.entrySet()) {
            expected.put(e.getKey(), toList(DetectFixtures.longs(e.getValue().getAsJsonArray())));
        }
        Map<String, List<Long>> actual = new HashMap<>();
        for (ParameterSpec p : S3fd.expectedParameters()) {
            actual.put(p.key(), toList(p.shape()));
        }
        assertEquals(expected, actual);
        assertEquals(65, actual.size(), "19 trunk convolutions and 12 heads with weight and bias, 3 norm scales");
    }

    @Test
    void aMismatchingCheckpointIsReportedCompletelyAndLoadsNothing(@TempDir Path dir) throws IOException {
        Path edited = dir.resolve("edited.safetensors");
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(DetectFixtures.path("s3fd_w16_zip.pth"))) {
            SafetensorsWriter writer = new SafetensorsWriter();
            for (TensorInfo t : checkpoint.tensors()) {
                ByteBuffer data = checkpoint.raw(t.name());
                switch (t.name()) {
                    case "fc7.bias" -> { }
                    case "conv1_1.weight" -> writer.add(t.name(), t.dtype(), new long[] {t.shape()[0], 3, 9},
                            data);
                    default -> writer.add(t.name(), t.dtype(), t.shape(), data);
                }
            }
            writer.add("conv8_1.weight", TensorDType.F32, new long[] {2}, new byte[8]);
            writer.write(edited);
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                SafetensorsFile source = SafetensorsFile.open(edited)) {
            WeightMismatchException e = assertThrows(WeightMismatchException.class,
                    () -> S3fd.load(source, m, DetectFixtures.WIDTH_DIVISOR));
            assertEquals(List.of("fc7.bias"), e.missing());
            assertEquals(List.of("conv8_1.weight"), e.unexpected());
            assertEquals(List.of("conv1_1.weight: expected [4, 3, 3, 3], found [4, 3, 9]"), e.misShaped());
            assertEquals(List.of(), m.getManagedArrays(), "nothing loaded when the check fails");
        }
    }

    @Test
    void theReducedFixtureDoesNotLoadAsThePublishedNetwork() throws IOException {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                TorchCheckpoint checkpoint = TorchCheckpoint.open(DetectFixtures.path("s3fd_w16_legacy.pth"))) {
            WeightMismatchException e = assertThrows(WeightMismatchException.class, () -> S3fd.load(checkpoint, m));
            // Every tensor but the twelve head biases (2 or 4 values) has a width in its shape.
            assertEquals(65 - 12, e.misShaped().size(), e.getMessage());
            assertEquals(List.of(), e.missing());
            assertEquals(List.of(), e.unexpected());
        }
    }

    @Test
    void rejectsInputsTooSmallForTheCoarsestLevel() throws IOException {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                TorchCheckpoint checkpoint = TorchCheckpoint.open(DetectFixtures.path("s3fd_w16_zip.pth"));
                S3fd net = S3fd.load(checkpoint, m, DetectFixtures.WIDTH_DIVISOR)) {
            assertThrows(IllegalArgumentException.class, () -> net.forward(m.zeros(new Shape(1, 3, 31, 64))));
        }
    }

    private static List<Long> toList(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
