package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader is chosen from the content, so a checkpoint with an unusual extension still opens. */
class TensorSourcesTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(TensorSourcesTest.class.getResource("torch/" + name).toURI());
    }

    @Test
    void dispatchesOnContent(@TempDir Path dir) throws Exception {
        Path zipAsSafetensorsName = dir.resolve("weights.safetensors");
        Files.copy(fixture("convnet_zip.pth"), zipAsSafetensorsName);
        try (TensorSource s = TensorSources.open(zipAsSafetensorsName)) {
            assertInstanceOf(TorchCheckpoint.class, s);
        }
        Path legacyAsBin = dir.resolve("pytorch_model.bin");
        Files.copy(fixture("convnet_legacy.pth"), legacyAsBin);
        try (TensorSource s = TensorSources.open(legacyAsBin)) {
            assertInstanceOf(TorchCheckpoint.class, s);
        }
        Path st = dir.resolve("model.bin");
        new SafetensorsWriter().add("x", TensorDType.F32, new long[] {1}, new byte[4]).write(st);
        try (TensorSource s = TensorSources.open(st)) {
            assertInstanceOf(SafetensorsFile.class, s);
            assertEquals(1, s.tensors().size());
        }
    }

    @Test
    void tinyOrEmptyFilesAreFormatErrors(@TempDir Path dir) throws IOException {
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        assertThrows(WeightFormatException.class, () -> TensorSources.open(empty));
        Path one = Files.write(dir.resolve("one.pth"), new byte[] {'P'});
        assertThrows(WeightFormatException.class, () -> TensorSources.open(one));
    }
}
