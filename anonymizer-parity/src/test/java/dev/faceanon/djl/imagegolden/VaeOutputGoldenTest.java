package dev.faceanon.djl.imagegolden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.image.ModelFrame;
import dev.faceanon.image.RgbImage;
import dev.faceanon.image.VaePixelCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The last step of the official pipeline's postprocess, {@code (x * 255).round().astype(uint8)} on
 * the float image in [0, 1], against the pipeline goldens' {@code output.image_float} and
 * {@code output.image_u8}: the u8 image must follow exactly from the float one, ties included.
 */
class VaeOutputGoldenTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pipeline_tiny_anon", "pipeline_tiny_swap"})
    void roundsTheFloatImageLikeNumpy(String caseName) {
        try (GoldenCase golden = GoldenDirectory.fromSystemProperty().open(caseName)) {
            long[] shape = golden.info("output.image_float").shape();
            int height = (int) shape[1];
            int width = (int) shape[2];
            RgbImage actual = VaePixelCodec.fromUnitHwc(golden.floats("output.image_float"), width, height);
            GoldenImages.assertSame(golden.rgbImage("output.image_u8"), actual, caseName + " image_u8");
        }
    }

    /** The pipeline ran at the conditioning image's size, so the model frame changes nothing. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pipeline_tiny_anon", "pipeline_tiny_swap"})
    void outputKeepsTheConditioningImageSize(String caseName) {
        try (GoldenCase golden = GoldenDirectory.fromSystemProperty().open(caseName)) {
            RgbImage conditioning = golden.rgbImage("input.conditioning_image_u8");
            var call = golden.sidecar().getAsJsonObject("pipeline_call");
            ModelFrame frame = ModelFrame.of(conditioning, call.get("width").getAsInt(), call.get("height").getAsInt());
            long[] shape = golden.info("output.image_u8").shape();
            assertEquals(shape[1], frame.modelHeight());
            assertEquals(shape[2], frame.modelWidth());
            RgbImage output = golden.rgbImage("output.image_u8");
            assertEquals(output, frame.toInput(output));
        }
    }
}
