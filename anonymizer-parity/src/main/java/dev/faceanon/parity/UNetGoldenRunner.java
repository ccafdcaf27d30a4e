package dev.faceanon.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.unet.ReferenceContext;
import dev.faceanon.djl.unet.ReferenceNet;
import dev.faceanon.djl.unet.ReferenceStates;
import dev.faceanon.djl.unet.UNet2DConditionModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;

/**
 * Reproduces {@code unet_tiny} (golden README §4.1: the denoising UNet with recorded reference
 * states, [source; conditioning] already concatenated, of which only each block's first is used)
 * and {@code referencenet_tiny} (§4.2: the states the ReferenceNet records at t = 0; the ones this
 * library computes, each block's first).
 */
public final class UNetGoldenRunner implements GoldenRunner {

    private final AttentionKernel kernel;

    /** A runner with the attention kernel of the system property {@value AttentionKernel#PROPERTY}. */
    public UNetGoldenRunner() {
        this(AttentionKernel.fromSystemProperties());
    }

    /** @param kernel the attention kernel the networks run */
    public UNetGoldenRunner(AttentionKernel kernel) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
    }

    @Override
    public boolean handles(String caseName) {
        return caseName.equals("unet_tiny") || caseName.equals("referencenet_tiny");
    }

    /**
     * @param golden a UNet-like case
     * @return its config
     */
    public static UNetConfig config(GoldenCase golden) {
        return UNetConfig.fromJson(golden.config().orElseThrow(), golden.tensorFile());
    }

    /**
     * @param golden the case
     * @param prefix e.g. {@code input.referencenet_states.}
     * @param keys the state keys wanted
     * @param manager owner of the states
     * @return the recorded states under those keys
     */
    public static ReferenceStates states(GoldenCase golden, String prefix, List<String> keys, NDManager manager) {
        Map<String, NDArray> states = new LinkedHashMap<>();
        for (String key : keys) {
            states.put(key, golden.array(prefix + key, manager));
        }
        return ReferenceStates.adopt(manager, states);
    }

    @Override
    public List<TensorCheck> run(GoldenDirectory dir, GoldenCase golden) {
        AttentionOptions options = AttentionOptions.defaults(true).withKernel(kernel);
        List<TensorCheck> checks = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            if (golden.name().equals("unet_tiny")) {
                try (UNet2DConditionModel unet = UNet2DConditionModel.load(config(golden), golden.weights(), m,
                        DataType.FLOAT32, options);
                        ReferenceStates states = states(golden, "input.referencenet_states.",
                                unet.referenceStateKeys(), m);
                        ReferenceContext refs = unet.referenceContext(m, states)) {
                    NDArray out = unet.forward(m, golden.array("input.sample", m), golden.longs("input.timestep")[0],
                            golden.array("input.encoder_hidden_states", m), refs);
                    checks.add(GoldenRunners.check(golden, "output.sample", out, ParityTolerances.MODEL_FP32));
                }
            } else {
                try (ReferenceNet net = ReferenceNet.load(config(golden), golden.weights(), m, DataType.FLOAT32,
                        options);
                        ReferenceStates states = net.forward(m, golden.array("input.sample", m),
                                golden.array("input.encoder_hidden_states", m))) {
                    for (String key : states.keys()) {
                        checks.add(GoldenRunners.check(golden, "output.states." + key, states.get(key),
                                ParityTolerances.MODEL_FP32));
                    }
                }
            }
        }
        return checks;
    }
}
