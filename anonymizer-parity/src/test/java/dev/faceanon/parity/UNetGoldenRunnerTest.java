package dev.faceanon.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.AttentionKernel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The golden-check reproductions of the UNet goldens pass on the shared set. */
class UNetGoldenRunnerTest {

    @ParameterizedTest
    @CsvSource({"unet_tiny, 1, FUSED", "referencenet_tiny, 7, FUSED", "unet_tiny, 1, MATERIALISED",
        "referencenet_tiny, 7, MATERIALISED"})
    void reproducesTheOfficialOutputs(String name, int tensors, AttentionKernel kernel) {
        GoldenDirectory dir = GoldenDirectory.fromSystemProperty();
        try (GoldenCase golden = dir.open(name)) {
            List<TensorCheck> checks = new UNetGoldenRunner(kernel).run(dir, golden);
            assertEquals(tensors, checks.size());
            for (TensorCheck c : checks) {
                assertTrue(c.comparison().passed(), name + " " + c.summary());
            }
        }
    }
}
