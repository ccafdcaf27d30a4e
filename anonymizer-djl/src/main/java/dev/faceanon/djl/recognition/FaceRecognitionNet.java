package dev.faceanon.djl.recognition;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.nn.Weights;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.model.WeightMismatchException;
import java.util.List;
import java.util.Objects;

/**
 * The face recognition network of face-api ({@code FaceRecognitionNet.ts}), dlib's ResNet face descriptor,
 * computed from the tensors of the published TensorFlow.js weights under their manifest names (read through
 * {@link dev.faceanon.djl.weights.TfjsWeights}, which turns {@code /} into {@code .}).
 *
 * <p>Graph: the 7×7 stride-2 {@link ConvLayer} {@code conv32_down} (32 channels, no padding, ReLU), a 3×3 stride-2
 * max pool without padding, the {@link ResidualLayer}s {@code conv32_1…3}, the {@link ResidualDownLayer}
 * {@code conv64_down} and {@code conv64_1…3}, {@code conv128_down} and {@code conv128_1…2}, {@code conv256_down} and
 * {@code conv256_1…2}, then {@code conv256_down_out}; the mean over height and width; the matrix {@code fc}
 * [256, 128]. On a 150×150 input the sides run 72, 35, 17, 8, 4 (3 padded), 2 (1 padded).
 *
 * <p>Contract: input float32 [N, 3, 150, 150] prepared by {@link RecognitionInput}; output [N, 128].
 *
 * <p>Memory and threads: the weights live in a sub-manager closed by {@link #close()}. A forward pass frees every
 * activation once consumed and keeps no state, so concurrent calls are safe.
 */
final class FaceRecognitionNet implements AutoCloseable {
    /** The name used in weight mismatch reports. */
    static final String MODEL_NAME = "face-api face recognition net";
    /** The descriptor length. */
    static final int OUTPUT = 128;

    private static final Shape POOL = new Shape(3, 3);
    private static final Shape POOL_STRIDE = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);
    private static final int[] SPATIAL = {2};

    private final NDManager manager;
    private final ConvLayer conv32Down;
    private final ResidualLayer[] stage32;
    private final ResidualDownLayer conv64Down;
    private final ResidualLayer[] stage64;
    private final ResidualDownLayer conv128Down;
    private final ResidualLayer[] stage128;
    private final ResidualDownLayer conv256Down;
    private final ResidualLayer[] stage256;
    private final ResidualDownLayer conv256DownOut;
    private final NDArray fc;

    private FaceRecognitionNet(Weights w, NDManager manager) {
        this.manager = manager;
        conv32Down = new ConvLayer(w.at("conv32_down"), 3, 32, 7, true, true);
        stage32 = residuals(w, "conv32_", 3, 32);
        conv64Down = new ResidualDownLayer(w.at("conv64_down"), 32, 64);
        stage64 = residuals(w, "conv64_", 3, 64);
        conv128Down = new ResidualDownLayer(w.at("conv128_down"), 64, 128);
        stage128 = residuals(w, "conv128_", 2, 128);
        conv256Down = new ResidualDownLayer(w.at("conv256_down"), 128, 256);
        stage256 = residuals(w, "conv256_", 2, 256);
        conv256DownOut = new ResidualDownLayer(w.at("conv256_down_out"), 256, 256);
        fc = w.get("fc", 256, OUTPUT);
    }

    private static ResidualLayer[] residuals(Weights w, String prefix, int count, long channels) {
        ResidualLayer[] layers = new ResidualLayer[count];
        for (int i = 0; i < count; i++) {
            layers[i] = new ResidualLayer(w.at(prefix + (i + 1)), channels);
        }
        return layers;
    }

    /**
     * Lists the parameters of the published network (key, TensorFlow shape), without allocating anything.
     *
     * @return the parameters in the order the network asks for them
     */
    static List<ParameterSpec> expectedParameters() {
        return CheckpointLoader.expectedParameters(w -> new FaceRecognitionNet(w, null));
    }

    /**
     * Checks the tensors against the published network and loads them in float32.
     *
     * @param weights the decoded TensorFlow.js weights
     * @param parent the manager under which the network's own manager is created; its device is used
     * @return the network; close it to free the weights
     * @throws WeightMismatchException listing every missing, unexpected and mis-shaped key
     */
    static FaceRecognitionNet load(TensorSource weights, NDManager parent) {
        Objects.requireNonNull(weights, "weights");
        return CheckpointLoader.loadOwned(MODEL_NAME, weights, key -> false, parent, DataType.FLOAT32,
                FaceRecognitionNet::new);
    }

    /**
     * Runs the network; temporaries are freed as soon as they are consumed.
     *
     * @param input [N, 3, 150, 150] float32 from {@link RecognitionInput}; not closed
     * @return the descriptors [N, 128], attached to the input's manager
     * @throws IllegalArgumentException if the input has another shape or type
     */
    NDArray forward(NDArray input) {
        Shape s = input.getShape();
        if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) != RecognitionInput.SIZE
                || s.get(3) != RecognitionInput.SIZE || input.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("the recognition net takes float32 [N, 3, 150, 150], got "
                    + input.getDataType() + " " + s);
        }
        NDArray stem = conv32Down.forward(input);
        NDArray x = JniUtils.maxPool((PtNDArray) stem, POOL, POOL_STRIDE, NO_PADDING, false);
        stem.close();
        x = residualStage(stage32, x);
        x = next(conv64Down.forward(x), x);
        x = residualStage(stage64, x);
        x = next(conv128Down.forward(x), x);
        x = residualStage(stage128, x);
        x = next(conv256Down.forward(x), x);
        x = residualStage(stage256, x);
        x = next(conv256DownOut.forward(x), x);
        Shape last = x.getShape();
        NDArray flat = x.reshape(last.get(0), last.get(1), last.get(2) * last.get(3));
        x.close();
        NDArray pooled = flat.mean(SPATIAL);
        flat.close();
        NDArray out = pooled.matMul(fc);
        pooled.close();
        return out;
    }

    private static NDArray residualStage(ResidualLayer[] stage, NDArray x) {
        NDArray current = x;
        for (ResidualLayer layer : stage) {
            current = next(layer.forward(current), current);
        }
        return current;
    }

    /** Closes the previous activation and returns the new one. */
    private static NDArray next(NDArray produced, NDArray previous) {
        previous.close();
        return produced;
    }

    /** Frees the weights. The network must not be used afterwards. */
    @Override
    public void close() {
        manager.close();
    }

    /** The manager owning the weights, for leak checks. */
    NDManager manager() {
        return manager;
    }
}
