package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.Weights;
import dev.faceanon.djl.weights.TensorSource;
import java.util.function.BiFunction;

/** Loads a model's weights into a manager the model then owns. */
final class OwnedWeights {

    private OwnedWeights() {}

    /**
     * @param modelName for messages
     * @param source the checkpoint; every key must be used by the model
     * @param parent the manager under which the model's manager is created (its device is used)
     * @param dtype parameter type
     * @param build the model's constructor, given its weights and the manager it will own
     * @return the model
     */
    static <M> M load(String modelName, TensorSource source, NDManager parent, DataType dtype,
            BiFunction<Weights, NDManager, M> build) {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            // BFLOAT16 in particular aborts the JVM in DJL's PyTorch engine.
            throw new IllegalArgumentException(modelName + " weights must be FLOAT32 or FLOAT16, not " + dtype);
        }
        return CheckpointLoader.loadOwned(modelName, source, key -> false, parent, dtype, build);
    }
}
