package dev.faceanon.bench;

import ai.djl.Device;
import dev.faceanon.djl.detect.FanLandmarks;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The landmark step for one detected face ({@link FanLandmarks#landmarks}: the 256×256 crop, the
 * 2DFAN4 network computed in Java, the heatmap decoding), float32 on the CPU, on a noise photo of
 * 640×480 with a 200×240 face box.
 *
 * <p>The weights are read (as data) from the archive named by the system property
 * {@value #PROPERTY}: either the published {@code 2DFAN4-cd938726ad.zip}, or an archive with its
 * layers, names and sizes and random weights written by {@code benchmarks/fan/make_random_fan.py}
 * (the work depends only on the shapes). {@code scripts/benchmarks} writes the latter when Debian's
 * python3-torch is installed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dai.djl.offline=true"})
public class FanLandmarksBenchmark {
    /** The system property naming the archive. */
    public static final String PROPERTY = "faceanon.bench.fan";

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private FanLandmarks network;
    private RgbImage photo;
    private BoundingBox face;

    /** Loads the network and makes the photo. */
    @Setup(Level.Trial)
    public void setUp() {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("set -D" + PROPERTY + "=FILE to the 2DFAN4 archive "
                    + "(the published one, or one written by benchmarks/fan/make_random_fan.py)");
        }
        network = FanLandmarks.open(Path.of(file), Device.cpu());
        byte[] rgb = new byte[3 * WIDTH * HEIGHT];
        new SplittableRandom(13).nextBytes(rgb);
        photo = RgbImage.of(WIDTH, HEIGHT, rgb);
        face = new BoundingBox(220, 120, 420, 360);
    }

    /** @return the 68 landmarks */
    @Benchmark
    public List<Point> landmarks() {
        return network.landmarks(photo, face);
    }

    /** Frees the network. */
    @TearDown(Level.Trial)
    public void tearDown() {
        network.close();
    }
}
