package dev.faceanon.djl.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.golden.Comparison;
import dev.faceanon.djl.golden.GoldenCase;
import dev.faceanon.djl.golden.Tolerance;
import java.util.Arrays;
import java.util.List;

/** The registry of golden runners, one per kind of case this library reproduces. */
public final class GoldenRunners {

    private GoldenRunners() {}

    /** @return every runner */
    public static List<GoldenRunner> all() {
        return List.of(new ClipVisionGoldenRunner(), new VaeGoldenRunner(), new PipelineGoldenRunner(),
                new SchedulerGoldenRunner(), new UNetGoldenRunner(), new AlignmentGoldenRunner());
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
}
