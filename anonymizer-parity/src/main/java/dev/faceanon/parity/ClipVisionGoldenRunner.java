package dev.faceanon.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.clip.ClipVisionModel;
import dev.faceanon.djl.clip.ClipVisionOutput;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reproduces {@code clip_vision_tiny} (golden README §4.4 (b)): the CLIP vision tower on both
 * preprocessed examples, batched, compared on {@code last_hidden_state} and {@code pooler_output}.
 */
public final class ClipVisionGoldenRunner implements GoldenRunner {
    /** The case this runner reproduces. */
    public static final String CASE = "clip_vision_tiny";

    private final AttentionKernel kernel;

    /** A runner with the attention kernel of the system property {@value AttentionKernel#PROPERTY}. */
    public ClipVisionGoldenRunner() {
        this(AttentionKernel.fromSystemProperties());
    }

    /** @param kernel the attention kernel the networks run */
    public ClipVisionGoldenRunner(AttentionKernel kernel) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
    }

    @Override
    public boolean handles(String caseName) {
        return CASE.equals(caseName);
    }

    /**
     * @param golden the case
     * @param manager owner of the result
     * @return the model input the golden does not store: both preprocessed examples, batched
     */
    public static NDArray pixelValues(GoldenCase golden, NDManager manager) {
        NDArray ex0 = golden.array("preprocess.ex0.output.pixel_values", manager, DataType.FLOAT32);
        NDArray ex1 = golden.array("preprocess.ex1.output.pixel_values", manager, DataType.FLOAT32);
        NDArray batch = ex0.concat(ex1, 0);
        ex0.close();
        ex1.close();
        return batch;
    }

    @Override
    public List<TensorCheck> run(GoldenDirectory dir, GoldenCase golden) {
        ClipVisionConfig config = ClipVisionConfig.fromJson(golden.config().orElseThrow(), golden.tensorFile());
        try (NDManager m = NDManager.newBaseManager();
                ClipVisionModel model = ClipVisionModel.load(config, golden.weights(), m, DataType.FLOAT32,
                        AttentionOptions.defaults(false).withKernel(kernel))) {
            ClipVisionOutput out = model.forward(m, pixelValues(golden, m));
            List<TensorCheck> checks = new ArrayList<>();
            checks.add(GoldenRunners.check(golden, "output.last_hidden_state", out.lastHiddenState(),
                    ParityTolerances.MODEL_FP32));
            checks.add(GoldenRunners.check(golden, "output.pooler_output", out.pooler(), ParityTolerances.MODEL_FP32));
            return checks;
        }
    }
}
