package dev.faceanon.djl.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.parity.PipelineGoldenRunner;
import dev.faceanon.parity.TensorCheck;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The official pipeline end to end, uint8 in to uint8 out, with the recorded noise replayed. */
class PipelineGoldenTest {

    @ParameterizedTest
    @CsvSource({"pipeline_tiny_anon, FUSED", "pipeline_tiny_swap, FUSED", "pipeline_tiny_anon, MATERIALISED",
        "pipeline_tiny_swap, MATERIALISED"})
    void matchesTheOfficialPipeline(String name, AttentionKernel kernel) {
        GoldenDirectory dir = GoldenDirectory.fromSystemProperty();
        try (GoldenCase golden = dir.open(name)) {
            List<TensorCheck> checks = new PipelineGoldenRunner(kernel).run(dir, golden);
            assertTrue(checks.size() > 30, "outputs and traces compared: " + checks.size());
            assertTrue(checks.get(0).tensor().equals("output.image_float"));
            assertTrue(checks.get(1).tensor().equals("output.image_u8"));
            for (TensorCheck c : checks) {
                assertTrue(c.comparison().passed(), name + " " + c.summary());
            }
            System.out.println(name + " " + kernel + " " + checks.get(0).summary());
            System.out.println(name + " " + kernel + " " + checks.get(1).summary());
        }
    }
}
