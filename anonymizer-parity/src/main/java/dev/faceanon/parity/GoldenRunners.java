package dev.faceanon.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.Tolerance;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.image.RgbImage;
import java.util.Arrays;
import java.util.List;

/** The registry of golden runners, one per kind of case this library reproduces. */
public final class GoldenRunners {

    private GoldenRunners() {}

    /**
     * @return every runner, the networks with the attention kernel of the system property
     *     {@value AttentionKernel#PROPERTY} (fused by default)
     */
    public static List<GoldenRunner> all() {
        return all(AttentionKernel.fromSystemProperties());
    }

    /**
     * @param kernel the attention kernel the networks run
     * @return every runner
     */
    public static List<GoldenRunner> all(AttentionKernel kernel) {
        return List.of(new ClipVisionGoldenRunner(kernel), new VaeGoldenRunner(kernel),
                new PipelineGoldenRunner(kernel), new SchedulerGoldenRunner(), new UNetGoldenRunner(kernel),
                new AlignmentGoldenRunner());
    }

    /**
     * Compares an array with a golden tensor.
     *
     * @param golden the case
     * @param name the golden tensor
     * @param actual the array under test (any floating type)
     * @param tolerance the criterion
     * @return the check
     * @throws IllegalStateException if the shapes differ
     */
    public static TensorCheck check(GoldenCase golden, String name, NDArray actual, Tolerance tolerance) {
        long[] expectedShape = golden.info(name).shape();
        long[] actualShape = actual.getShape().getShape();
        if (!Arrays.equals(expectedShape, actualShape)) {
            throw new IllegalStateException(name + ": shape " + Arrays.toString(actualShape) + ", expected "
                    + Arrays.toString(expectedShape));
        }
        float[] values = actual.getDataType() == DataType.FLOAT32 ? actual.toFloatArray()
                : actual.toType(DataType.FLOAT32, false).toFloatArray();
        Comparison c = tolerance.compare(values, golden.floats(name));
        return new TensorCheck(name, c);
    }

    /**
     * Compares a uint8 image with a golden one: within {@code tolerance} everywhere, and differing at
     * all in fewer than {@code maxDifferingFraction} of its samples. Too many differing samples are
     * reported as a failed exact comparison, so the summary shows how many differ.
     *
     * @param golden the case
     * @param name the golden image tensor, see {@link GoldenCase#rgbImage(String)}
     * @param actual the image under test
     * @param tolerance the criterion per sample, in grey levels
     * @param maxDifferingFraction the fraction of samples allowed to differ at all, in [0, 1]
     * @return the check
     * @throws IllegalStateException if the sizes differ
     * @throws IllegalArgumentException if the fraction is outside [0, 1]
     */
    public static TensorCheck checkImage(GoldenCase golden, String name, RgbImage actual, Tolerance tolerance,
            double maxDifferingFraction) {
        if (!(maxDifferingFraction >= 0 && maxDifferingFraction <= 1)) {
            throw new IllegalArgumentException("maxDifferingFraction must be in [0, 1]: " + maxDifferingFraction);
        }
        RgbImage expected = golden.rgbImage(name);
        if (!expected.sameSize(actual)) {
            throw new IllegalStateException(name + ": computed " + actual + ", expected " + expected);
        }
        byte[] x = actual.toByteArray();
        byte[] y = expected.toByteArray();
        float[] a = new float[x.length];
        float[] b = new float[y.length];
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = x[i] & 0xFF;
            b[i] = y[i] & 0xFF;
            differing += a[i] != b[i] ? 1 : 0;
        }
        Comparison c = tolerance.compare(a, b);
        if (differing >= maxDifferingFraction * a.length) {
            c = new Tolerance(0, 0).compare(a, b);
        }
        return new TensorCheck(name, c);
    }
}
