package dev.faceanon.djl.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.Conv2d;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.nn.Weights;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.model.WeightMismatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The S3FD face detection network of face-alignment 1.4.1 ({@code s3fd-619a316812.pth}), with its
 * parameters under the published state-dict keys.
 *
 * <p>Graph: a VGG-16 trunk ({@code conv1_1} … {@code conv5_3}, 3×3 convolutions with ReLU, 2×2
 * max pools with stride 2 and floor rounding), {@code fc6} (3×3, padding 3, no dilation, so its map
 * is 4 pixels wider than its input), {@code fc7} (1×1), and two extra stages
 * {@code conv6_1/conv6_2}, {@code conv7_1/conv7_2} (1×1 then 3×3 with stride 2). Six levels are
 * read out, with strides 4, 8, 16, 32, 64, 128: {@code conv3_3}, {@code conv4_3} and
 * {@code conv5_3} through an {@link L2Norm} with learnt scales ({@code *_norm.weight}), then
 * {@code fc7}, {@code conv6_2} and {@code conv7_2} as they are. Each level has a 3×3 classification
 * head {@code *_mbox_conf} and a 3×3 box regression head {@code *_mbox_loc}. The first level's
 * classification head has four channels, three background and one face; the background is the
 * maximum of the three ("max-out"), so every level yields two class logits.
 *
 * <p>Memory and threads: the weights live in a sub-manager closed by {@link #close()}. A forward
 * pass frees each activation once the next exists, keeping only the level features it needs, and
 * holds no state in fields, so concurrent calls are safe.
 */
public final class S3fd implements AutoCloseable {
    /** The name used in weight mismatch reports. */
    static final String MODEL_NAME = "S3FD";
    /** Number of output levels. */
    public static final int LEVELS = 6;

    /** A convolution of the trunk: its key, published channel counts, kernel, stride and padding. */
    private record ConvSpec(String name, int in, int out, int kernel, int stride, int padding, boolean poolAfter) {}

    private static final List<ConvSpec> TRUNK = List.of(
            new ConvSpec("conv1_1", 3, 64, 3, 1, 1, false), new ConvSpec("conv1_2", 64, 64, 3, 1, 1, true),
            new ConvSpec("conv2_1", 64, 128, 3, 1, 1, false), new ConvSpec("conv2_2", 128, 128, 3, 1, 1, true),
            new ConvSpec("conv3_1", 128, 256, 3, 1, 1, false), new ConvSpec("conv3_2", 256, 256, 3, 1, 1, false),
            new ConvSpec("conv3_3", 256, 256, 3, 1, 1, true),
            new ConvSpec("conv4_1", 256, 512, 3, 1, 1, false), new ConvSpec("conv4_2", 512, 512, 3, 1, 1, false),
            new ConvSpec("conv4_3", 512, 512, 3, 1, 1, true),
            new ConvSpec("conv5_1", 512, 512, 3, 1, 1, false), new ConvSpec("conv5_2", 512, 512, 3, 1, 1, false),
            new ConvSpec("conv5_3", 512, 512, 3, 1, 1, true),
            new ConvSpec("fc6", 512, 1024, 3, 1, 3, false), new ConvSpec("fc7", 1024, 1024, 1, 1, 0, false),
            new ConvSpec("conv6_1", 1024, 256, 1, 1, 0, false), new ConvSpec("conv6_2", 256, 512, 3, 2, 1, false),
            new ConvSpec("conv7_1", 512, 128, 1, 1, 0, false), new ConvSpec("conv7_2", 128, 256, 3, 2, 1, false));

    /** A read-out level: the trunk layer it taps, its published channels, L2 norm scale, conf channels. */
    private record LevelSpec(String feature, int channels, boolean normalised, int confChannels) {
        String head() {
            return normalised ? feature + "_norm" : feature;
        }
    }

    private static final List<LevelSpec> LEVEL_SPECS = List.of(new LevelSpec("conv3_3", 256, true, 4),
            new LevelSpec("conv4_3", 512, true, 2), new LevelSpec("conv5_3", 512, true, 2),
            new LevelSpec("fc7", 1024, false, 2), new LevelSpec("conv6_2", 512, false, 2),
            new LevelSpec("conv7_2", 256, false, 2));

    private static final Shape POOL = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private final NDManager manager;
    private final List<Conv2d> trunk = new ArrayList<>();
    private final List<L2Norm> norms = new ArrayList<>();
    private final List<Conv2d> confHeads = new ArrayList<>();
    private final List<Conv2d> locHeads = new ArrayList<>();

    private S3fd(Weights w, int widthDivisor, NDManager manager) {
        this.manager = manager;
        for (ConvSpec c : TRUNK) {
            int in = c.in() == 3 ? 3 : c.in() / widthDivisor;
            trunk.add(new Conv2d(w.at(c.name()), in, c.out() / widthDivisor, c.kernel(), c.stride(), c.padding()));
        }
        for (LevelSpec level : LEVEL_SPECS) {
            long channels = level.channels() / widthDivisor;
            norms.add(level.normalised() ? new L2Norm(w.at(level.head()), channels) : null);
            confHeads.add(new Conv2d(w.at(level.head() + "_mbox_conf"), channels, level.confChannels(), 3, 1, 1));
            locHeads.add(new Conv2d(w.at(level.head() + "_mbox_loc"), channels, 4, 3, 1, 1));
        }
    }

    /**
     * Lists the parameters of the published network (key, shape), without allocating anything.
     *
     * @return the parameters in the order the network asks for them
     */
    public static List<ParameterSpec> expectedParameters() {
        return expectedParameters(1);
    }

    static List<ParameterSpec> expectedParameters(int widthDivisor) {
        checkDivisor(widthDivisor);
        return CheckpointLoader.expectedParameters(w -> new S3fd(w, widthDivisor, null));
    }

    /**
     * Checks a checkpoint against the published network and loads it in float32.
     *
     * @param weights the state dict, e.g. {@code s3fd-619a316812.pth} opened with
     *     {@link dev.faceanon.djl.weights.TorchCheckpoint}
     * @param parent the manager under which the network's own manager is created; its device is used
     * @return the network; close it to free the weights
     * @throws WeightMismatchException listing every missing, unexpected and mis-shaped key
     */
    public static S3fd load(TensorSource weights, NDManager parent) {
        return load(weights, parent, 1);
    }

    /**
     * Loads a network whose trunk and level widths are the published ones divided by
     * {@code widthDivisor} (same keys, same graph); the tests use it to compare with PyTorch on a
     * checkpoint small enough to commit.
     */
    static S3fd load(TensorSource weights, NDManager parent, int widthDivisor) {
        Objects.requireNonNull(weights, "weights");
        checkDivisor(widthDivisor);
        return CheckpointLoader.loadOwned(MODEL_NAME, weights, key -> false, parent, DataType.FLOAT32,
                (w, own) -> new S3fd(w, widthDivisor, own));
    }

    private static void checkDivisor(int widthDivisor) {
        if (widthDivisor < 1 || 64 % widthDivisor != 0) {
            throw new IllegalArgumentException("width divisor must divide 64, got " + widthDivisor);
        }
    }

    /**
     * Runs the network. Temporaries are freed as soon as they are consumed; the caller owns the
     * twelve outputs, attached to the input's manager.
     *
     * @param bgr the preprocessed image [1, 3, H, W] float32: BGR channel order, minus the mean
     *     (104, 117, 123); H and W at least 32 so that every level has a map
     * @return {@code [conf_0, loc_0, …, conf_5, loc_5]}: conf [1, 2, h, w] logits (background,
     *     face), loc [1, 4, h, w] offsets (dx, dy, dw, dh) of the level's priors
     * @throws IllegalArgumentException if the input is not [1, 3, H ≥ 32, W ≥ 32] float32
     */
    public NDList forward(NDArray bgr) {
        Shape s = bgr.getShape();
        if (s.dimension() != 4 || s.get(0) != 1 || s.get(1) != 3 || s.get(2) < 32 || s.get(3) < 32
                || bgr.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("S3FD input must be float32 [1, 3, H >= 32, W >= 32], got "
                    + bgr.getDataType() + " " + s);
        }
        List<NDArray> taps = new ArrayList<>();
        NDArray x = bgr;
        for (int i = 0; i < TRUNK.size(); i++) {
            ConvSpec spec = TRUNK.get(i);
            NDArray conv = trunk.get(i).forward(x);
            // Freed before the ReLU, so that at most two full-size activations exist at a time.
            release(x, bgr, taps);
            x = JniUtils.relu((PtNDArray) conv);
            conv.close();
            if (isTap(spec.name())) {
                taps.add(x);
            }
            if (spec.poolAfter()) {
                NDArray pooled = JniUtils.maxPool((PtNDArray) x, POOL, POOL, NO_PADDING, false);
                release(x, bgr, taps);
                x = pooled;
            }
        }
        release(x, bgr, taps);
        NDList out = new NDList(2 * LEVELS);
        for (int level = 0; level < LEVELS; level++) {
            NDArray feature = taps.get(level);
            NDArray normed = norms.get(level) == null ? feature : norms.get(level).forward(feature);
            out.add(maxOutBackground(confHeads.get(level).forward(normed)));
            out.add(locHeads.get(level).forward(normed));
            if (normed != feature) {
                normed.close();
            }
            feature.close();
        }
        return out;
    }

    private static boolean isTap(String layer) {
        for (LevelSpec level : LEVEL_SPECS) {
            if (level.feature().equals(layer)) {
                return true;
            }
        }
        return false;
    }

    /** Closes an activation that is neither the caller's input nor a kept level feature. */
    private static void release(NDArray x, NDArray input, List<NDArray> taps) {
        if (x == input) {
            return;
        }
        for (NDArray tap : taps) {
            if (tap == x) {
                return;
            }
        }
        x.close();
    }

    /** Background = max of the first three logits when a head has four; face = the fourth. */
    private static NDArray maxOutBackground(NDArray conf) {
        if (conf.getShape().get(1) != 4) {
            return conf;
        }
        NDArray c0 = conf.get(":, 0:1");
        NDArray c1 = conf.get(":, 1:2");
        NDArray c2 = conf.get(":, 2:3");
        NDArray face = conf.get(":, 3:4");
        NDArray max01 = c0.maximum(c1);
        NDArray background = max01.maximum(c2);
        NDArray result = background.concat(face, 1);
        for (NDArray a : new NDArray[] {conf, c0, c1, c2, face, max01, background}) {
            a.close();
        }
        return result;
    }

    /** Frees the weights. The network must not be used afterwards. */
    @Override
    public void close() {
        manager.close();
    }
}
