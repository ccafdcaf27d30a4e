package dev.faceanon.djl.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.djl.golden.GoldenCase;
import dev.faceanon.djl.golden.GoldenDirectory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The golden-check reproductions of the UNet goldens pass on the shared set. */
class UNetGoldenRunnerTest {

    @ParameterizedTest
    @CsvSource({"unet_tiny, 1", "referencenet_tiny, 7"})
    void reproducesTheOfficialOutputs(String name, int tensors) {
        GoldenDirectory dir = GoldenDirectory.fromSystemProperty();
        try (GoldenCase golden = dir.open(name)) {
            List<TensorCheck> checks = new UNetGoldenRunner().run(dir, golden);
            assertEquals(tensors, checks.size());
            for (TensorCheck c : checks) {
                assertTrue(c.comparison().passed(), name + " " + c.summary());
            }
        }
    }
}
