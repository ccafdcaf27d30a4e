package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.golden.Tolerance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Access to the tiny UNet and ReferenceNet goldens (shared/golden/README.md §4.1, §4.2). */
final class TinyGoldens {
    /**
     * README §7: the float32-vs-float64 spread of these goldens is ≤ 1e-5; this allows ~10-100×
     * for libtorch 2.7 kernels (oneDNN convolutions, different GEMM blocking) vs the reference's
     * torch 1.13 netlib BLAS.
     */
    static final Tolerance FP32 = dev.faceanon.parity.ParityTolerances.MODEL_FP32;

    private TinyGoldens() {}

    static GoldenCase open(String name) {
        return GoldenDirectory.fromSystemProperty().open(name);
    }

    static UNetConfig config(GoldenCase c) {
        return dev.faceanon.parity.UNetGoldenRunner.config(c);
    }

    /**
     * @param prefix e.g. {@code input.referencenet_states.}
     * @param keys state keys, e.g. from {@link UNet2DConditionModel#referenceStateKeys()}
     */
    static ReferenceStates states(GoldenCase c, String prefix, List<String> keys, NDManager manager) {
        return dev.faceanon.parity.UNetGoldenRunner.states(c, prefix, keys, manager);
    }

    static Comparison compare(NDArray actual, float[] expected) {
        return FP32.compare(actual.toType(DataType.FLOAT32, false).toFloatArray(), expected);
    }
}
