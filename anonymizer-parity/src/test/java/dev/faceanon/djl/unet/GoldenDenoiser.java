package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.djl.nn.AttentionOptions;

/** The unet_tiny golden's UNet, loaded with its reference context and inputs (README §4.1). */
final class GoldenDenoiser implements AutoCloseable {
    final UNet2DConditionModel unet;
    final ReferenceStates states;
    final ReferenceContext refs;
    final NDArray sample;
    final NDArray encoderHiddenStates;
    final long timestep;

    private GoldenDenoiser(GoldenCase golden, NDManager models, NDManager inputs, DataType dtype,
            AttentionOptions options) {
        unet = UNet2DConditionModel.load(TinyGoldens.config(golden), golden.weights(), models, dtype, options);
        // The golden stores the states already concatenated: [source; conditioning], 2·H·W tokens.
        states = TinyGoldens.states(golden, "input.referencenet_states.", unet.referenceStateKeys(), models);
        refs = unet.referenceContext(models, states);
        sample = golden.array("input.sample", inputs);
        encoderHiddenStates = golden.array("input.encoder_hidden_states", inputs);
        timestep = golden.longs("input.timestep")[0];
    }

    /**
     * @param models manager of the weights, states and context
     * @param inputs manager of the inputs
     */
    static GoldenDenoiser load(GoldenCase golden, NDManager models, NDManager inputs, DataType dtype,
            AttentionOptions options) {
        return new GoldenDenoiser(golden, models, inputs, dtype, options);
    }

    /** float32, the config's upcasting, default chunking; one manager for everything. */
    static GoldenDenoiser load(GoldenCase golden, NDManager manager) {
        return load(golden, manager, manager, DataType.FLOAT32, AttentionOptions.defaults(true));
    }

    /** @return the UNet's prediction for the golden inputs, attached to {@code out} */
    NDArray forward(NDManager out) {
        return unet.forward(out, sample, timestep, encoderHiddenStates, refs);
    }

    @Override
    public void close() {
        refs.close();
        states.close();
        unet.close();
    }
}
