package dev.faceanon.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.unet.ReferenceContext;
import dev.faceanon.djl.unet.ReferenceNet;
import dev.faceanon.djl.unet.ReferenceStates;
import dev.faceanon.djl.unet.UNet2DConditionModel;
import dev.faceanon.djl.weights.RandomTensorSource;

/**
 * One denoising step ready to run: the face-anon UNet on a guidance batch of 2 with a reference
 * context (source and conditioning ReferenceNet states of the same latent size), float32 on the
 * CPU, random weights. The context is built once, as a pipeline builds it once per call; its states
 * come from a ReferenceNet pass with its own random weights.
 */
final class DenoiserStep implements AutoCloseable {
    private final NDManager manager;
    private final UNet2DConditionModel unet;
    private final ReferenceContext refs;
    private final NDArray sample;
    private final NDArray encoderHiddenStates;

    /**
     * @param model the size
     * @param kernel the attention kernel
     */
    DenoiserStep(BenchmarkModels model, AttentionKernel kernel) {
        manager = NDManager.newBaseManager();
        UNetConfig config = model.config();
        AttentionOptions options = AttentionOptions.defaults(config.upcastAttention()).withKernel(kernel);
        unet = UNet2DConditionModel.load(config,
                new RandomTensorSource(UNet2DConditionModel.expectedParameters(config), 1), manager,
                DataType.FLOAT32, options);
        try (ReferenceNet refnet = ReferenceNet.load(config,
                new RandomTensorSource(ReferenceNet.expectedParameters(config), 2), manager, DataType.FLOAT32,
                options);
                ReferenceStates source = refnet.forward(manager, model.sample(manager),
                        model.encoderHiddenStates(manager, 1));
                ReferenceStates conditioning = refnet.forward(manager, model.sample(manager),
                        model.encoderHiddenStates(manager, 1))) {
            refs = unet.referenceContext(manager, source, conditioning);
        }
        sample = model.sample(manager);
        encoderHiddenStates = model.encoderHiddenStates(manager, 2);
    }

    /** @return one element of the prediction, read back so that the step has completed */
    float run() {
        try (NDManager out = manager.newSubManager()) {
            NDArray prediction = unet.forward(out, sample, 500, encoderHiddenStates, refs);
            return prediction.getFloat(0, 0, 0, 0);
        }
    }

    /** Frees everything. */
    @Override
    public void close() {
        refs.close();
        unet.close();
        manager.close();
    }
}
