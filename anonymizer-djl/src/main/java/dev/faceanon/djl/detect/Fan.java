package dev.faceanon.djl.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.nn.BatchNorm2d;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.nn.Weights;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.model.WeightMismatchException;
import java.util.List;
import java.util.Objects;

/**
 * The 2DFAN4 landmark network of face-alignment 1.4.1 ({@code FAN} with four stacks), computed by
 * the library from the tensors of the published archive {@code 2DFAN4-cd938726ad.zip}, under the
 * archive's attribute names. The archive is a TorchScript module; its code is never run (see
 * {@link dev.faceanon.djl.weights.TorchCheckpoint#openTorchScriptWeights}).
 *
 * <p>Graph: a 7×7 stride-2 convolution {@code conv1} with batch norm {@code bn1} and ReLU, the
 * residual block {@code conv2}, a 2×2 average pool, the blocks {@code conv3} and {@code conv4}
 * (widths 64, 128, 128, 256; blocks are {@link FanConvBlock}), then four stacks {@code i = 0…3}:
 * the hourglass {@code m<i>} of depth 4 ({@link FanHourGlass}), the block {@code top_m_<i>}, the 1×1
 * convolution {@code conv_last<i>} with batch norm {@code bn_end<i>} and ReLU, and the 68-channel
 * 1×1 heatmap head {@code l<i>}. Between stacks, the features ({@code bl<i>}, 1×1) and the
 * heatmaps ({@code al<i>}, 1×1 from 68 channels) are added back to the stack's input. The output
 * is the last stack's heatmaps.
 *
 * <p>Contract, the same as face-alignment's: input RGB float32 [N, 3, 256, 256] with values
 * {@code u8 / 255}; output the heatmaps [N, 68, 64, 64].
 *
 * <p>Memory and threads: the weights live in a sub-manager closed by {@link #close()}; batch norms
 * are folded into a scale and a shift at load. A forward pass frees every activation once it is
 * consumed (at most the hourglass's open levels are alive at a time) and keeps no state, so
 * concurrent calls are safe.
 */
public final class Fan implements AutoCloseable {
    /** The name used in weight mismatch reports. */
    static final String MODEL_NAME = "2DFAN4";
    /** Stacked hourglasses in 2DFAN4. */
    static final int STACKS = 4;
    /** Levels of each hourglass. */
    static final int DEPTH = 4;
    /** Input side in pixels. */
    public static final int INPUT_SIZE = 256;

    private static final Shape POOL = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private final NDManager manager;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final FanConvBlock conv2;
    private final FanConvBlock conv3;
    private final FanConvBlock conv4;
    private final FanHourGlass[] hourGlasses = new FanHourGlass[STACKS];
    private final FanConvBlock[] topBlocks = new FanConvBlock[STACKS];
    private final Conv2d[] lastConvs = new Conv2d[STACKS];
    private final BatchNorm2d[] lastNorms = new BatchNorm2d[STACKS];
    private final Conv2d[] heads = new Conv2d[STACKS];
    private final Conv2d[] featuresBack = new Conv2d[STACKS - 1];
    private final Conv2d[] heatmapsBack = new Conv2d[STACKS - 1];

    private Fan(Weights w, int widthDivisor, NDManager manager) {
        this.manager = manager;
        long stem = 64 / widthDivisor;
        long middle = 128 / widthDivisor;
        long features = 256 / widthDivisor;
        int landmarks = FanHeatmaps.COUNT;
        conv1 = new Conv2d(w.at("conv1"), 3, stem, 7, 2, 3);
        bn1 = new BatchNorm2d(w.at("bn1"), stem);
        conv2 = new FanConvBlock(w.at("conv2"), stem, middle);
        conv3 = new FanConvBlock(w.at("conv3"), middle, middle);
        conv4 = new FanConvBlock(w.at("conv4"), middle, features);
        for (int i = 0; i < STACKS; i++) {
            hourGlasses[i] = new FanHourGlass(w.at("m" + i), DEPTH, features);
            topBlocks[i] = new FanConvBlock(w.at("top_m_" + i), features, features);
            lastConvs[i] = new Conv2d(w.at("conv_last" + i), features, features, 1, 1, 0);
            lastNorms[i] = new BatchNorm2d(w.at("bn_end" + i), features);
            heads[i] = new Conv2d(w.at("l" + i), features, landmarks, 1, 1, 0);
            if (i < STACKS - 1) {
                featuresBack[i] = new Conv2d(w.at("bl" + i), features, features, 1, 1, 0);
                heatmapsBack[i] = new Conv2d(w.at("al" + i), landmarks, features, 1, 1, 0);
            }
        }
    }

    /**
     * Lists the parameters of the published network (key, shape), without allocating anything.
     * Batch norms' {@code num_batches_tracked} counters are not listed: they only matter for
     * training and are accepted whether present or not.
     *
     * @return the parameters in the order the network asks for them
     */
    public static List<ParameterSpec> expectedParameters() {
        return expectedParameters(1);
    }

    static List<ParameterSpec> expectedParameters(int widthDivisor) {
        checkDivisor(widthDivisor);
        return CheckpointLoader.expectedParameters(w -> new Fan(w, widthDivisor, null));
    }

    /**
     * Checks the tensors against the published network and loads them in float32.
     *
     * @param weights the archive's tensors, e.g. {@code 2DFAN4-cd938726ad.zip} opened with
     *     {@link dev.faceanon.djl.weights.TorchCheckpoint#openTorchScriptWeights}
     * @param parent the manager under which the network's own manager is created; its device is used
     * @return the network; close it to free the weights
     * @throws WeightMismatchException listing every missing, unexpected and mis-shaped key
     */
    public static Fan load(TensorSource weights, NDManager parent) {
        return load(weights, parent, 1);
    }

    /**
     * Loads a network whose widths are the published ones divided by {@code widthDivisor} (same
     * keys, same graph, 68 heatmaps); the tests compare it with PyTorch on an archive small enough
     * to commit.
     */
    static Fan load(TensorSource weights, NDManager parent, int widthDivisor) {
        Objects.requireNonNull(weights, "weights");
        checkDivisor(widthDivisor);
        return CheckpointLoader.loadOwned(MODEL_NAME, weights, key -> key.endsWith(".num_batches_tracked"), parent,
                DataType.FLOAT32, (w, own) -> new Fan(w, widthDivisor, own));
    }

    private static void checkDivisor(int widthDivisor) {
        if (widthDivisor < 1 || 64 % widthDivisor != 0) {
            throw new IllegalArgumentException("width divisor must divide 64, got " + widthDivisor);
        }
    }

    /**
     * Runs the network. Temporaries are freed as soon as they are consumed; the caller owns the
     * output, attached to the input's manager.
     *
     * @param rgb the crops [N, 3, 256, 256] float32, values in [0, 1]; not closed
     * @return the heatmaps [N, 68, 64, 64]
     * @throws IllegalArgumentException if the input is not float32 [N, 3, 256, 256]
     */
    public NDArray forward(NDArray rgb) {
        Shape s = rgb.getShape();
        if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) != INPUT_SIZE || s.get(3) != INPUT_SIZE
                || rgb.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("2DFAN4 input must be float32 [N, 3, 256, 256], got "
                    + rgb.getDataType() + " " + s);
        }
        NDArray stem = conv1.forward(rgb);
        NDArray normed = bn1.forward(stem);
        stem.close();
        NDArray x = JniUtils.relu((PtNDArray) normed);
        normed.close();
        NDArray block = conv2.forward(x);
        x.close();
        NDArray pooled = JniUtils.avgPool((PtNDArray) block, POOL, POOL, NO_PADDING, false, true);
        block.close();
        NDArray third = conv3.forward(pooled);
        pooled.close();
        NDArray previous = conv4.forward(third);
        third.close();
        NDArray heatmaps = null;
        for (int i = 0; i < STACKS; i++) {
            NDArray hourGlass = hourGlasses[i].forward(previous);
            NDArray top = topBlocks[i].forward(hourGlass);
            hourGlass.close();
            NDArray last = lastConvs[i].forward(top);
            top.close();
            NDArray lastNormed = lastNorms[i].forward(last);
            last.close();
            NDArray features = JniUtils.relu((PtNDArray) lastNormed);
            lastNormed.close();
            heatmaps = heads[i].forward(features);
            if (i < STACKS - 1) {
                NDArray featuresIn = featuresBack[i].forward(features);
                NDArray heatmapsIn = heatmapsBack[i].forward(heatmaps);
                // (previous + features) + heatmaps, the reference's order of the two additions.
                NDArray next = previous.add(featuresIn).addi(heatmapsIn);
                featuresIn.close();
                heatmapsIn.close();
                heatmaps.close();
                previous.close();
                previous = next;
            }
            features.close();
        }
        previous.close();
        return heatmaps;
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
