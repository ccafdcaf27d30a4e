package dev.faceanon.bench;

import ai.djl.Device;
import dev.faceanon.djl.npm.NpmPackageFetcher;
import dev.faceanon.djl.recognition.FaceApiRecognizer;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
import java.util.ArrayList;
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
 * The face recognizer for one face ({@link FaceApiRecognizer#describe(RgbImage, Face)}: face-api's crop from the 68
 * landmarks, padding and resizing to 150×150, the ResNet, the 128 values), float32 on the CPU, on a noise photo of
 * 640×480 whose face's landmarks span 200×240 pixels (so the crop is resized, as for most faces).
 *
 * <p>The weights are the published ones: the {@code @vladmandic/face-api} 1.7.15 tarball, taken from the library's
 * cache or downloaded into it (12.7 MB) by {@link NpmPackageFetcher#fromSystem()}; offline without the tarball the
 * setup fails with the message saying how to get it. The work does not depend on the pixels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dai.djl.offline=true"})
public class FaceRecognizerBenchmark {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private FaceApiRecognizer recognizer;
    private RgbImage photo;
    private Face face;

    /** Loads the recognizer and makes the photo and the face. */
    @Setup(Level.Trial)
    public void setUp() {
        recognizer = FaceApiRecognizer.load(NpmPackageFetcher.fromSystem(), Device.cpu());
        byte[] rgb = new byte[3 * WIDTH * HEIGHT];
        new SplittableRandom(17).nextBytes(rgb);
        photo = RgbImage.of(WIDTH, HEIGHT, rgb);
        List<Point> landmarks = new ArrayList<>();
        for (int i = 0; i < 68; i++) {
            landmarks.add(new Point(220 + (i * 37) % 201, 120 + (i * 53) % 241));
        }
        face = new Face(new BoundingBox(220, 120, 420, 360), 1, LandmarkScheme.IBUG_68, landmarks);
    }

    /** @return the face's descriptor */
    @Benchmark
    public FaceDescriptor describe() {
        return recognizer.describe(photo, face);
    }

    /** Frees the recognizer. */
    @TearDown(Level.Trial)
    public void tearDown() {
        recognizer.close();
    }
}
