package dev.faceanon.parity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.parity.golden.GoldenDirectory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The golden networks are too narrow for the default rule to pack any filter, so every network case is run here with
 * every filter packed ({@code faceanon.convolution=all}): the prepacked operator must pass the goldens within the same
 * tolerances as the dense path.
 */
class PrepackedFiltersGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"unet_tiny", "referencenet_tiny", "vae_tiny", "clip_vision_tiny", "pipeline_tiny_anon",
            "pipeline_tiny_swap"})
    void everyNetworkCasePassesWithEveryFilterPacked(String name) {
        String before = System.getProperty(Conv2d.PROPERTY);
        System.setProperty(Conv2d.PROPERTY, "all");
        try {
            CaseOutcome outcome = GoldenCheck.withAllRunners().runCase(GoldenDirectory.fromSystemProperty(), name);
            assertTrue(outcome.ok(), outcome.line());
        } finally {
            if (before == null) {
                System.clearProperty(Conv2d.PROPERTY);
            } else {
                System.setProperty(Conv2d.PROPERTY, before);
            }
        }
    }
}
