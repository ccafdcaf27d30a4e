package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Filters reordered into oneDNN's layout once: the same outputs as the dense path on the networks' convolution
 * shapes, the dense filter freed, and the dense path where the operator does not apply.
 */
class PrepackedConvolutionTest {

    /**
     * SHA-256 of the archive. It changes only when the source text or the generator changes; a change
     * must be deliberate (update this value in the same commit).
     */
    private static final String SHA256 = "fa20c9587588fa3d285b2cb5068f84e6a0ebf2c4005724dc6778dd330f2c20a0";

    /**
     * The networks' kinds of convolution (3×3 same, 3×3 stride 2, 1×1, 4 input channels as conv_in, 4 output
     * channels as conv_out, 8×8 images with many channels as the UNet's lowest level) against the dense filter on
     * the same input. Both run oneDNN's kernel on the same numbers, so only summation order could differ: the
     * tolerance is float32 rounding over a sum of {@code in·k²} products of values below 4.
     */
    @ParameterizedTest
    @CsvSource({"32,32,3,1,1,16", "16,24,3,2,1,17", "48,20,1,1,0,6", "4,32,3,1,1,16", "32,4,3,1,1,9",
            "256,256,3,1,1,8", "64,64,3,2,0,9"})
    void givesTheDenseConvolutionsOutput(int in, int out, int kernel, int stride, int padding, int side) {
        PrepackedConvolution op = PrepackedConvolution.forFilter(cpuFilter()).orElseThrow();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            m.getEngine().setRandomSeed(7);
            NDArray x = m.randomUniform(-1f, 1f, new Shape(2, in, side, side));
            NDArray w = m.randomUniform(-1f, 1f, new Shape(out, in, kernel, kernel));
            NDArray b = m.randomUniform(-1f, 1f, new Shape(out));
            Shape s = new Shape(stride, stride);
            Shape p = new Shape(padding, padding);
            NDArray dense = JniUtils.convolution((PtNDArray) x, (PtNDArray) w, (PtNDArray) b, s, p, new Shape(1, 1), 1);
            NDArray packed = op.convolve(x, op.pack(w, stride, padding), b, stride, padding);
            assertEquals(dense.getShape(), packed.getShape());
            float tolerance = 1e-6f * in * kernel * kernel;
            float worst = packed.sub(dense).abs().max().getFloat();
            assertTrue(worst <= tolerance, "differs by " + worst + " (tolerance " + tolerance + ")");
        }
    }

    /**
     * A filter of 640·1280 channels (the UNet's lowest levels) is packed and its dense copy freed; one of
     * 639·1280 is not. Both answer as the dense path does.
     */
    @ParameterizedTest
    @CsvSource({"1280,640,true", "1280,639,false"})
    void wideLayersFreeTheirDenseFilterAndAllAnswerAsTheDenseLayerDoes(int in, int out, boolean packed) {
        float[] weight = new float[in * out];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) Math.sin(i * 0.37) / in;
        }
        float[] bias = new float[out];
        for (int i = 0; i < out; i++) {
            bias[i] = (float) Math.cos(i * 0.5);
        }
        float[] image = new float[2 * in * 3 * 3];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) Math.cos(i * 0.11);
        }
        var source = new dev.faceanon.djl.testing.HandTensors().put("conv.weight", weight, out, in, 1, 1)
                .put("conv.bias", bias, out).source();
        Shape filterShape = new Shape(out, in, 1, 1);
        float[] first;
        float[] dense;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Conv2d layer = CheckpointLoader.load("conv", source, k -> false, m, DataType.FLOAT32,
                    w -> new Conv2d(w.at("conv"), in, out, 1, 1, 0));
            assertEquals(packed, layer.prepacked());
            // One filter is held either way: the packed one replaced the dense one.
            long filters = m.getManagedArrays().stream()
                    .filter(a -> !a.isReleased() && a.getShape().equals(filterShape)).count();
            assertEquals(1, filters, "filters held");
            first = layer.forward(m.create(image, new Shape(2, in, 3, 3))).toFloatArray();
        }
        String before = System.getProperty(Conv2d.PROPERTY);
        System.setProperty(Conv2d.PROPERTY, "dense");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Conv2d layer = CheckpointLoader.load("conv", source, k -> false, m, DataType.FLOAT32,
                    w -> new Conv2d(w.at("conv"), in, out, 1, 1, 0));
            assertEquals(false, layer.prepacked());
            dense = layer.forward(m.create(image, new Shape(2, in, 3, 3))).toFloatArray();
        } finally {
            restore(before);
        }
        assertArrayEquals(dense, first, 1e-5f);
    }

    @Test
    void modeAllPacksEveryFilter() {
        var source = new dev.faceanon.djl.testing.HandTensors().put("conv.weight", new float[6 * 3 * 9], 6, 3, 3, 3)
                .put("conv.bias", new float[6], 6).source();
        String before = System.getProperty(Conv2d.PROPERTY);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertEquals(false, CheckpointLoader.load("conv", source, k -> false, m, DataType.FLOAT32,
                    w -> new Conv2d(w.at("conv"), 3, 6, 3, 1, 1)).prepacked());
            System.setProperty(Conv2d.PROPERTY, "all");
            assertEquals(true, CheckpointLoader.load("conv", source, k -> false, m, DataType.FLOAT32,
                    w -> new Conv2d(w.at("conv"), 3, 6, 3, 1, 1)).prepacked());
        } finally {
            restore(before);
        }
    }

    @Test
    void onlyCpuFloat32FiltersAreServedAndTheOperatorIsLoadedOnce() {
        NDArray filter = cpuFilter();
        assertSame(PrepackedConvolution.forFilter(filter).orElseThrow(),
                PrepackedConvolution.forFilter(filter).orElseThrow());
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertTrue(PrepackedConvolution.forFilter(m.ones(new Shape(2, 2, 1, 1), DataType.FLOAT16)).isEmpty());
        }
        assertTrue(PrepackedConvolution.forFilter(null).isEmpty());
    }

    @Test
    void aMistypedPropertyIsRefusedWithItsName() {
        String before = System.getProperty(Conv2d.PROPERTY);
        System.setProperty(Conv2d.PROPERTY, "packed");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PrepackedConvolution.forFilter(cpuFilter()));
            assertTrue(e.getMessage().contains(Conv2d.PROPERTY) && e.getMessage().contains("packed"), e.getMessage());
        } finally {
            restore(before);
        }
    }

    @Test
    void theArchiveIsReproducibleAndHoldsOnlyTheSource() throws IOException, NoSuchAlgorithmException {
        StoredArchive.assertHoldsOnly(PrepackedConvolution::archive, SHA256, PrepackedConvolution.ROOT,
                PrepackedConvolution.SOURCE);
    }

    private static NDArray cpuFilter() {
        // A filter on a manager that outlives the test: forFilter only looks at its type and device.
        return NDManager.newBaseManager(Device.cpu()).zeros(new Shape(1, 1, 1, 1));
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(Conv2d.PROPERTY);
        } else {
            System.setProperty(Conv2d.PROPERTY, before);
        }
    }
}
