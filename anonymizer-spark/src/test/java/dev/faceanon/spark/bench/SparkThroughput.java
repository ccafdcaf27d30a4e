package dev.faceanon.spark.bench;

import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.batch.TestImages;
import dev.faceanon.examples.cli.FaceAnonCli;
import dev.faceanon.face.Face;
import dev.faceanon.spark.FaceAnonTransformer;
import dev.faceanon.spark.FacesColumn;
import dev.faceanon.spark.ImageCollection;
import dev.faceanon.spark.ResultColumns;
import dev.faceanon.spark.ResultFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Throughput of a Spark job on one machine: the same collection (copies of the tool's sample photo,
 * three faces each, with a faces file) anonymized with the tiny-random model on a given master, one
 * image per partition. Prints one Markdown table row: master, libtorch threads, images, session
 * start, time to the first result file, job time, images per second over the job and after the
 * first result. Run it once per master in a fresh JVM (scripts/spark-benchmark), so that each run
 * loads its models.
 *
 * <pre>
 * SparkThroughput MASTER IMAGES STEPS WORKDIR
 * </pre>
 */
public final class SparkThroughput {

    private SparkThroughput() {}

    /**
     * @param args master, image count, denoising steps, a scratch directory
     * @throws Exception if the collection cannot be made or the job fails
     */
    public static void main(String[] args) throws Exception {
        String master = args[0];
        int count = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        Path work = Files.createDirectories(Path.of(args[3]));
        Path in = work.resolve("in");
        Path out = Files.createTempDirectory(work, "out-").resolve("results");
        Path faces = collection(work, in, count);

        long sessionStart = System.nanoTime();
        SparkSession spark = SparkSession.builder().master(master).appName("SparkThroughput")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        double sessionSeconds = (System.nanoTime() - sessionStart) / 1e9;

        Dataset<Row> images = ImageCollection.read(spark, in.toString()).repartition(count)
                .withColumn("faces", FacesColumn.fromFile(faces, in.toString(), functions.col("path")));
        // Spark's share and the generation, as docs/performance.md records them: the identity audit adds the
        // recognizer's time per face (measured on its own there) and is left out of this comparison.
        FaceAnonTransformer transformer = new FaceAnonTransformer().setModel("tiny-random").setSteps(steps)
                .setJobSeed(1).setImageRoot(in.toString()).setFacesCol("faces").setIdentityCheck("off");
        Dataset<Row> report = ResultFiles.write(transformer.transform(images), "path", in.toString(),
                out.toString(), true);

        AtomicLong firstFile = new AtomicLong();
        Thread watcher = new Thread(() -> watch(out, firstFile), "first-result-watcher");
        watcher.setDaemon(true);
        long jobStart = System.nanoTime();
        watcher.start();
        long ok = report.filter(functions.col(ResultColumns.STATUS).equalTo(ResultColumns.OK)).count();
        long jobEnd = System.nanoTime();
        spark.stop();
        if (ok != count) {
            throw new IllegalStateException(ok + " of " + count + " images OK");
        }
        double job = (jobEnd - jobStart) / 1e9;
        double first = (firstFile.get() - jobStart) / 1e9;
        System.out.println(String.format(Locale.ROOT, "| %s | %s | %d | %.1f s | %.1f s | %.1f s | %.2f | %.2f |",
                master, System.getProperty("ai.djl.pytorch.num_threads", "all cores"), count, sessionSeconds, first,
                job, count / job, (count - 1) / (job - first)));
    }

    /** Notes when the first result file appears (temporary files start with a dot and are not results). */
    private static void watch(Path out, AtomicLong first) {
        while (first.get() == 0) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> files = Files.walk(out)) {
                    if (files.anyMatch(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."))) {
                        first.set(System.nanoTime());
                        return;
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    // A file renamed while listed: look again.
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Copies of the sample photo under names of their own, and the faces file listing them. */
    private static Path collection(Path work, Path in, int count) throws IOException {
        Path sample = work.resolve("sample");
        StringWriter log = new StringWriter();
        if (FaceAnonCli.execute(new PrintWriter(log), new PrintWriter(log), "sample-photo", sample.toString()) != 0) {
            throw new IllegalStateException(log.toString());
        }
        BufferedImage photo = TestImages.read(sample.resolve("photo.png"));
        List<Face> faces = FacesFile.read(sample.resolve("faces.json")).facesOf("photo.png",
                sample.resolve("photo.png"));
        Map<String, List<Face>> byName = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = String.format(Locale.ROOT, "photo-%03d.png", i);
            ImageFiles.write(photo, in.resolve(name));
            byName.put(name, faces);
        }
        Path file = work.resolve("faces.json");
        FacesFile.write(file, byName);
        return file;
    }
}
