package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.parity.CaseOutcome;
import dev.faceanon.parity.GoldenCheck;
import dev.faceanon.parity.golden.GoldenDirectory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The golden networks are too small for the default rules to choose the library's faster CPU operators, so every
 * network case is run here with each of them forced on: every convolution filter prepacked
 * ({@code faceanon.convolution=all}), every attention tiled over oneDNN products ({@code faceanon.attention.tiles=
 * always}). Each must pass the goldens within the same tolerances as the default operators. The test sits in the
 * backend's package to check that the forced operator is the one that runs (a fallback would pass the goldens too).
 */
class AlternativeOperatorsGoldenTest {

    @ParameterizedTest
    @CsvSource({
        Conv2d.PROPERTY + ", all, unet_tiny", Conv2d.PROPERTY + ", all, referencenet_tiny",
        Conv2d.PROPERTY + ", all, vae_tiny", Conv2d.PROPERTY + ", all, clip_vision_tiny",
        Conv2d.PROPERTY + ", all, pipeline_tiny_anon", Conv2d.PROPERTY + ", all, pipeline_tiny_swap",
        AttentionKernel.TILES_PROPERTY + ", always, unet_tiny",
        AttentionKernel.TILES_PROPERTY + ", always, referencenet_tiny",
        AttentionKernel.TILES_PROPERTY + ", always, vae_tiny",
        AttentionKernel.TILES_PROPERTY + ", always, clip_vision_tiny",
        AttentionKernel.TILES_PROPERTY + ", always, pipeline_tiny_anon",
        AttentionKernel.TILES_PROPERTY + ", always, pipeline_tiny_swap",
    })
    void everyNetworkCasePassesWithTheOperatorForcedOn(String property, String value, String name) {
        String before = System.getProperty(property);
        System.setProperty(property, value);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray small = m.zeros(new Shape(1, 2, 2, 2));
            boolean forcedOn = property.equals(Conv2d.PROPERTY)
                    ? PrepackedConvolution.forFilter(small).isPresent() && PrepackedConvolution.worthPacking(1, 1)
                    : TiledAttention.forInputs(small.reshape(1, 2, 4), small.reshape(1, 2, 4), small.reshape(1, 2, 4))
                            .isPresent();
            assertTrue(forcedOn, property + "=" + value + " is in force");
            CaseOutcome outcome = GoldenCheck.withAllRunners().runCase(GoldenDirectory.fromSystemProperty(), name);
            assertTrue(outcome.ok(), outcome.line());
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }
}
