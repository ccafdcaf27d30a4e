package dev.faceanon.djl.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.image.PillowResampler;
import dev.faceanon.image.ResampleFilter;
import dev.faceanon.image.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Face boxes from an RGB photo with face-alignment 1.4.1's S3FD chain: RGB → BGR, minus the mean
 * (104, 117, 123), the network, a softmax over each level's two class logits, every prior whose
 * face probability exceeds 0.05 decoded with the variances (0.1, 0.2), greedy NMS at overlap 0.3
 * ({@link NonMaxSuppression}), and finally only boxes scoring above the filter threshold (0.5).
 *
 * <p><b>Deviations from the reference</b>, both bounding work on untrusted photos:
 * <ul>
 *   <li>Photos whose longer side exceeds {@link DetectorOptions#maxDetectionSide()} are shrunk
 *       (Pillow-style antialiased bilinear) before the network and the boxes are scaled back
 *       ({@link DetectionScale}); the reference always runs at full resolution, which needs
 *       gigabytes of activations for a camera photo. Small faces below roughly 16 network pixels
 *       are then missed.</li>
 *   <li>NMS only sees the boxes scoring above the filter threshold, at most
 *       {@link DetectorOptions#maxCandidates()} of them (the best). The first part changes nothing:
 *       a box is only ever suppressed by one with a higher or equal score, so boxes that the final
 *       filter drops never decide the fate of one it keeps. The cap only acts on degenerate
 *       networks or images with thousands of overlapping faces, and is logged.</li>
 * </ul>
 * Boxes whose decoding is not finite (possible only with broken weights) are dropped.
 * Photos whose network input would be smaller than 32 pixels on a side, where the network has no
 * map at its coarsest levels, yield no faces.
 *
 * <p>Thread-safe: each call owns its arrays in a sub-manager that it closes.
 */
public final class S3fdDetector {
    private static final Logger LOG = LoggerFactory.getLogger(S3fdDetector.class);
    /** The candidate threshold of face-alignment. */
    public static final float CANDIDATE_THRESHOLD = 0.05f;
    /** The NMS overlap threshold of face-alignment. */
    public static final double NMS_THRESHOLD = 0.3;
    /** The smallest network input side; the fifth pooling needs 32 pixels. */
    static final int MIN_INPUT_SIDE = 32;
    private static final float[] MEAN_BGR = {104f, 117f, 123f};

    private final S3fd network;
    private final DetectorOptions options;
    private final NDManager manager;

    /**
     * @param network the loaded network (not closed by this class)
     * @param options resolution bound and thresholds
     * @param manager the manager under which each call creates and closes its own
     */
    public S3fdDetector(S3fd network, DetectorOptions options, NDManager manager) {
        this.network = Objects.requireNonNull(network, "network");
        this.options = Objects.requireNonNull(options, "options");
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    /**
     * @param image the photo
     * @return the faces' boxes in photo pixels, by decreasing score
     */
    public List<ScoredBox> detect(RgbImage image) {
        DetectionScale scale = DetectionScale.fit(image.width(), image.height(), options.maxDetectionSide());
        if (Math.min(scale.width(), scale.height()) < MIN_INPUT_SIDE) {
            return List.of();
        }
        RgbImage input = networkInput(image, scale);
        List<ScoredBox> boxes;
        try (NDManager call = manager.newSubManager()) {
            JniUtils.setGradMode(false);
            NDList outputs = network.forward(preprocess(input, call));
            boxes = filterAndSuppress(candidates(outputs));
        }
        List<ScoredBox> mapped = new ArrayList<>(boxes.size());
        for (ScoredBox b : boxes) {
            mapped.add(new ScoredBox(scale.toSource(b.box()), b.score()));
        }
        return mapped;
    }

    /** The photo as the network sees it: shrunk to the scale's size if needed. */
    static RgbImage networkInput(RgbImage image, DetectionScale scale) {
        return scale.isIdentity() ? image
                : PillowResampler.resize(image, scale.width(), scale.height(), ResampleFilter.BILINEAR);
    }

    /** BGR float32 [1, 3, H, W] minus the mean; the subtraction of small integers is exact. */
    static NDArray preprocess(RgbImage image, NDManager manager) {
        int w = image.width();
        int h = image.height();
        int plane = w * h;
        byte[] rgb = image.toByteArray();
        float[] bgr = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                bgr[c * plane + p] = (rgb[3 * p + 2 - c] & 0xFF) - MEAN_BGR[c];
            }
        }
        return manager.create(bgr, new Shape(1, 3, h, w));
    }

    /**
     * Every prior whose face probability exceeds {@link #CANDIDATE_THRESHOLD}, decoded, in the
     * reference's order (level, then row-major cell); non-finite boxes and boxes without area are
     * dropped.
     *
     * @param outputs the network's twelve outputs (closed here)
     * @return the candidates in network input pixels
     */
    static List<ScoredBox> candidates(NDList outputs) {
        List<ScoredBox> found = new ArrayList<>();
        try (outputs) {
            for (int level = 0; level < S3fd.LEVELS; level++) {
                NDArray conf = outputs.get(2 * level);
                NDArray loc = outputs.get(2 * level + 1);
                Shape shape = conf.getShape();
                int rows = Math.toIntExact(shape.get(2));
                int cols = Math.toIntExact(shape.get(3));
                int plane = rows * cols;
                float[] probability;
                try (NDArray softmax = conf.softmax(1)) {
                    probability = softmax.toFloatArray();
                }
                float[] offsets = loc.toFloatArray();
                for (int cell = 0; cell < plane; cell++) {
                    float face = probability[plane + cell];
                    if (!(face > CANDIDATE_THRESHOLD)) {
                        continue;
                    }
                    PriorBox prior = S3fdAnchors.prior(level, cell / cols, cell % cols);
                    double[] b = prior.decode(offsets[cell], offsets[plane + cell], offsets[2 * plane + cell],
                            offsets[3 * plane + cell]);
                    // A box of no width or height (the exponential underflowed) covers no pixel and
                    // cannot be cropped for landmarks: not a face. Real weights never produce one.
                    if (Double.isFinite(b[0]) && Double.isFinite(b[1]) && Double.isFinite(b[2])
                            && Double.isFinite(b[3]) && b[2] > b[0] && b[3] > b[1]) {
                        found.add(new ScoredBox(new BoundingBox(b[0], b[1], b[2], b[3]), face));
                    }
                }
            }
        }
        return found;
    }

    /** NMS over the candidates above the filter threshold (equivalent, see the class comment), capped. */
    List<ScoredBox> filterAndSuppress(List<ScoredBox> candidates) {
        List<ScoredBox> strong = new ArrayList<>();
        for (ScoredBox c : candidates) {
            if (c.score() > options.filterThreshold()) {
                strong.add(c);
            }
        }
        if (strong.size() > options.maxCandidates()) {
            LOG.warn("{} face candidates above {}; keeping the {} best for NMS", strong.size(),
                    options.filterThreshold(), options.maxCandidates());
            List<Integer> order = new ArrayList<>(strong.size());
            for (int i = 0; i < strong.size(); i++) {
                order.add(i);
            }
            List<ScoredBox> all = strong;
            order.sort(Comparator.<Integer>comparingDouble(i -> all.get(i).score()).thenComparingInt(i -> i)
                    .reversed());
            List<Integer> best = new ArrayList<>(order.subList(0, options.maxCandidates()));
            best.sort(null);
            strong = new ArrayList<>(best.size());
            for (int i : best) {
                strong.add(all.get(i));
            }
        }
        return NonMaxSuppression.apply(strong, NMS_THRESHOLD);
    }
}
