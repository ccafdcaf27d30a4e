package dev.faceanon.bench;

import ai.djl.ndarray.NDManager;
import dev.faceanon.djl.detect.DetectorOptions;
import dev.faceanon.djl.detect.S3fd;
import dev.faceanon.djl.detect.S3fdDetector;
import dev.faceanon.djl.detect.ScoredBox;
import dev.faceanon.image.RgbImage;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Face detection with the full-size S3FD ({@link S3fdDetector#detect}: BGR conversion, the
 * network, the softmax and scan of every prior, NMS) on one 4:3 photo whose longer side is
 * {@link #longSide}, float32 on the CPU. The weights have the published shapes and random values, with
 * classification heads that find no face ({@link FacelessS3fdWeights}), so NMS has nothing to do, as
 * on a photo with few faces. The detector's default bound (1600) is at least the photo size, so the
 * network runs at the photo's own resolution; its work grows with the pixel count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dai.djl.offline=true"})
public class S3fdBenchmark {

    /** The photo's longer side (the shorter is 3/4 of it), at most the detector's default bound. */
    @Param({"640", "1600"})
    public int longSide;

    private NDManager manager;
    private S3fd network;
    private S3fdDetector detector;
    private RgbImage photo;

    /** Loads the network and makes a noise photo. */
    @Setup(Level.Trial)
    public void setUp() {
        DetectorOptions options = DetectorOptions.defaults();
        if (longSide > options.maxDetectionSide()) {
            throw new IllegalArgumentException("longSide " + longSide + " exceeds the detector bound "
                    + options.maxDetectionSide() + "; the network would run on a shrunk photo");
        }
        manager = NDManager.newBaseManager();
        try (FacelessS3fdWeights weights = new FacelessS3fdWeights(3)) {
            network = S3fd.load(weights, manager);
        }
        detector = new S3fdDetector(network, options, manager);
        int height = longSide * 3 / 4;
        byte[] rgb = new byte[3 * longSide * height];
        new SplittableRandom(11).nextBytes(rgb);
        photo = RgbImage.of(longSide, height, rgb);
    }

    /** @return the boxes found (none with these weights), so that the call cannot be elided */
    @Benchmark
    public List<ScoredBox> detect() {
        return detector.detect(photo);
    }

    /** Frees the network. */
    @TearDown(Level.Trial)
    public void tearDown() {
        network.close();
        manager.close();
    }
}
