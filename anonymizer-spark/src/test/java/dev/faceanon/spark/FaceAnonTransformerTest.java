package dev.faceanon.spark;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.batch.ImageSeeds;
import dev.faceanon.batch.TestImages;
import dev.faceanon.spark.example.AnonymizeCollection;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark API around the work: the transformer as a pipeline stage (parameters, persistence), the
 * plain Dataset API on aligned crops (formats, damage, seeds), what is refused before any work, a
 * job stopped by missing model files, and the writer's refusals.
 */
class FaceAnonTransformerTest {
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("FaceAnonTransformerTest")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static Dataset<Row> images(Path dir) {
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(dir.toString());
    }

    @Test
    void aPipelineSavesAndLoadsTheStageWithItsDrawnSeed() throws IOException {
        Path crops = Files.createDirectories(tmp.resolve("pipeline"));
        ImageFiles.write(TestImages.pattern(16, 16), crops.resolve("a.png"));
        FaceAnonTransformer stage = new FaceAnonTransformer().setOperation("redact").setFacesCol("faces")
                .setImageRoot(crops.toString());
        Dataset<Row> withFaces = images(crops).withColumn("faces", lit("[]"));
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {stage}).fit(withFaces);
        Path saved = tmp.resolve("saved-pipeline");
        model.write().save(saved.toString());

        FaceAnonTransformer loaded = (FaceAnonTransformer) PipelineModel.load(saved.toString()).stages()[0];

        assertEquals(stage.uid(), loaded.uid());
        assertEquals((Object) stage.getOrDefault(stage.jobSeed()), loaded.getOrDefault(loaded.jobSeed()),
                "the seed drawn for the stage survives, so the loaded pipeline writes the same bytes");
        assertEquals("redact", loaded.getOrDefault(loaded.operation()));
        FaceAnonTransformer other = new FaceAnonTransformer();
        assertFalse(other.getOrDefault(other.jobSeed()).equals(stage.getOrDefault(stage.jobSeed())),
                "another transformer draws another seed");
        List<Row> rows = model.transform(withFaces).collectAsList();
        assertEquals(ResultColumns.OK, rows.get(0).getAs(ResultColumns.STATUS));
        Set<String> listed = Arrays.stream(stage.params()).map(p -> p.name()).collect(Collectors.toSet());
        assertEquals(33, listed.size(), "every setting is a parameter Spark lists: " + listed);
        assertTrue(listed.containsAll(List.of("identityCheck", "identityThreshold", "identityRetries", "keepDirectory",
                "keepFaces", "keepThreshold", "pixelateCells", "blurSigma")), listed.toString());
    }

    @Test
    void alignedCropsThroughTheDatasetApi() throws IOException {
        Path crops = Files.createDirectories(tmp.resolve("crops"));
        ImageFiles.write(TestImages.pattern(128, 128), crops.resolve("a.png"));
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(TestImages.pattern(96, 96), "jpg", jpg);
        Files.write(crops.resolve("cut.jpg"), Arrays.copyOf(jpg.toByteArray(), jpg.size() * 9 / 10));
        AnonymizationJob.Builder job = AnonymizationJob.builder().aligned(true).jobSeed(5).imageRoot(crops.toString())
                .outputFormat("png").sampling(dev.faceanon.sampling.SamplerKind.DDIM, 2)
                .model(new ModelSpec(ModelVariant.TINY_RANDOM, null, false, Precision.FLOAT32, 0, 640));

        Map<String, Row> strict = PhotoCollection.byName(job.build().apply(images(crops)).collectAsList(), crops);
        Map<String, Row> accepting = PhotoCollection.byName(job.acceptDamaged(true).build().apply(images(crops))
                .collectAsList(), crops);

        Row a = strict.get("a.png");
        assertEquals(ResultColumns.OK, a.getAs(ResultColumns.STATUS));
        assertEquals("png", a.getAs(ResultColumns.FORMAT));
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(a.getAs(ResultColumns.OUTPUT)));
        assertEquals(128, out.getWidth());
        Row face = (Row) a.getList(a.fieldIndex(ResultColumns.FACES)).get(0);
        assertEquals("anonymized", face.getAs("action"));
        assertEquals(ImageSeeds.of(5, "a.png"), (long) face.getAs("seed"));
        assertTrue(a.getList(a.fieldIndex(ResultColumns.DAMAGE)).isEmpty());
        assertArrayEquals((byte[]) a.getAs(ResultColumns.OUTPUT), (byte[]) accepting.get("a.png").getAs(ResultColumns.OUTPUT),
                "the same job settings, the same bytes");

        assertTrue(face.getAs("identity") != null, "anonymize audits by default");
        Row unaudited = (Row) job.acceptDamaged(false).identityCheck(dev.faceanon.batch.IdentityMode.OFF, 0.6, 2)
                .build().apply(images(crops)).filter("path like '%a.png'").first().getList(a.fieldIndex(
                        ResultColumns.FACES)).get(0);
        assertNull(unaudited.getAs("identity"), "identityCheck off: no recognizer, no audit");
        assertTrue(ExecutorModels.loadCount(job.build().model(), "cpu", false) > 0, "models loaded without it");

        Row refused = strict.get("cut.jpg");
        assertEquals(ResultColumns.FAILED, refused.getAs(ResultColumns.STATUS));
        assertNull(refused.getAs(ResultColumns.OUTPUT));
        assertTrue(((String) refused.getAs(ResultColumns.ERROR)).startsWith("damaged image: "));
        assertTrue(((String) refused.getAs(ResultColumns.ERROR)).contains("use acceptDamaged"));
        Row accepted = accepting.get("cut.jpg");
        assertEquals(ResultColumns.OK, accepted.getAs(ResultColumns.STATUS));
        assertFalse(accepted.getList(accepted.fieldIndex(ResultColumns.DAMAGE)).isEmpty());
    }

    @Test
    void whatCannotWorkIsRefusedBeforeAnyWork() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("refused"));
        ImageFiles.write(TestImages.pattern(16, 16), dir.resolve("a.png"));
        Dataset<Row> images = images(dir);
        String[][] cases = {
            {"content", "the column of the images' bytes, 'content', is missing"},
            {"status", "already have a column 'status'"},
            {"faces", "the faces column 'faces' must be a JSON string or array<struct<box"},
            {"tiny", "the tiny-random model comes without a face detector"},
            {"swap", "a swap needs the identity image"},
            {"failClosedSwap", "identityCheck fail-closed applies to anonymize only; use audit or off"},
            {"keepOff", "keepDirectory needs the face recognizer: it cannot be combined with identityCheck off"},
            {"strength", "blurSigma applies to fallback blur, not to black"},
            {"strengthSwap", "pixelateCells and blurSigma apply to anonymize's fallback and to redact, not to swap"},
            {"keepUri", "keepDirectory is read by every executor from its own file system"},
            {"keepTiny", "keepFaces for the keep gallery"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                switch (c[0]) {
                    case "content" -> new FaceAnonTransformer().transform(images.drop("content"));
                    case "status" -> new FaceAnonTransformer().transform(images.withColumn("status", lit("x")));
                    case "faces" -> new FaceAnonTransformer().setFacesCol("faces")
                            .transform(images.withColumn("faces", lit(3)));
                    case "tiny" -> new FaceAnonTransformer().setModel("tiny-random").transform(images);
                    case "failClosedSwap" -> new FaceAnonTransformer().setOperation("redact")
                            .setIdentityCheck("fail-closed").transform(images);
                    case "keepOff" -> new FaceAnonTransformer().setOperation("redact").setIdentityCheck("off")
                            .setKeepDirectory(dir.toString()).transform(images);
                    case "strength" -> new FaceAnonTransformer().setBlurSigma(0.4).transform(images);
                    case "strengthSwap" -> new FaceAnonTransformer().setOperation("swap").setPixelateCells(4)
                            .transform(images);
                    case "keepUri" -> new FaceAnonTransformer().setOperation("redact")
                            .setKeepDirectory("hdfs://nn:8020/refs").transform(images);
                    case "keepTiny" -> new FaceAnonTransformer().setModel("tiny-random").setFacesCol("faces")
                            .setKeepDirectory(dir.toString()).transform(images.withColumn("faces", lit("[]")));
                    default -> new FaceAnonTransformer().setOperation("swap").setModel("tiny-random")
                            .setFacesCol("faces").transform(images.withColumn("faces", lit("[]")));
                }
            }, c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new FaceAnonTransformer().setOperation("blur"));
        assertThrows(IllegalArgumentException.class, () -> new FaceAnonTransformer().setSteps(-1));
        assertThrows(IllegalArgumentException.class, () -> new FaceAnonTransformer().setDevicePolicy("cuda:0"));
        assertThrows(IllegalArgumentException.class, () -> new FaceAnonTransformer().setPixelateCells(11));
        assertThrows(IllegalArgumentException.class, () -> new FaceAnonTransformer().setBlurSigma(0.05));
        assertThrows(IllegalArgumentException.class, () -> new FaceAnonTransformer().setIdentityThreshold(0));
        assertThrows(IllegalArgumentException.class, () -> new FaceAnonTransformer().setIdentityRetries(11));
        assertThrows(IllegalArgumentException.class, () -> new FaceAnonTransformer().setIdentityCheck("sometimes"));
    }

    @Test
    void missingModelFilesStopTheJobInsteadOfFailingEveryRow(@TempDir Path empty) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("nomodels"));
        ImageFiles.write(TestImages.pattern(16, 16), dir.resolve("a.png"));
        Dataset<Row> results = new FaceAnonTransformer().setModelDirectory(empty.toString()).setOffline(true)
                .setFacesCol("faces").transform(images(dir).withColumn("faces", lit("[]")));
        Exception e = assertThrows(Exception.class, results::collectAsList);
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    }

    @Test
    void aKeepGalleryThatCannotBeUsedStopsTheJobNamingThePhoto() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("badgallery/in"));
        Path refs = Files.createDirectories(tmp.resolve("badgallery/refs"));
        ImageFiles.write(TestImages.pattern(16, 16), dir.resolve("a.png"));
        ImageFiles.write(TestImages.pattern(64, 64), refs.resolve("empty-room.png"));
        Path faces = tmp.resolve("badgallery/refs.json");
        dev.faceanon.batch.FacesFile.write(faces, Map.of("empty-room.png", List.of()));
        Dataset<Row> results = new FaceAnonTransformer().setOperation("redact").setFacesCol("faces")
                .setKeepDirectory(refs.toString()).setKeepFaces(faces.toString())
                .transform(images(dir).withColumn("faces", lit("[]")));
        Exception e = assertThrows(Exception.class, results::collectAsList);
        assertTrue(e.getMessage().contains("no face found in the reference photo \"empty-room.png\""),
                e.getMessage());
    }

    @Test
    void theWriterNeverTouchesInputsAndReplacesOnlyWhenAsked() throws IOException {
        // A space in the root, given as a file URI the way Spark writes paths (unescaped).
        Path in = Files.createDirectories(tmp.resolve("writer/in put"));
        String root = "file:" + in;
        ImageFiles.write(TestImages.pattern(16, 16), in.resolve("a.png"));
        Dataset<Row> results = new FaceAnonTransformer().setOperation("redact").setFacesCol("faces")
                .setImageRoot(root).transform(images(in).withColumn("faces", lit("[]")));
        for (Path bad : new Path[] {in, in.resolve("out"), in.getParent()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ResultFiles.write(results, "path", root, bad.toString(), false));
            assertTrue(e.getMessage().contains("results could overwrite inputs"), e.getMessage());
        }
        Path out = tmp.resolve("writer/out");
        Row first = ResultFiles.write(results, "path", root, out.toString(), false).first();
        assertEquals(out.resolve("a.png").toString(), first.getAs("outputFile"));
        byte[] written = Files.readAllBytes(out.resolve("a.png"));
        assertNull(ResultFiles.write(results, "path", root, out.toString(), false).first().getAs("error"),
                "the same bytes again: nothing to refuse");

        Files.write(out.resolve("a.png"), new byte[] {1, 2, 3});
        Row refused = ResultFiles.write(results, "path", root, out.toString(), false).first();
        assertEquals(ResultColumns.FAILED, refused.getAs(ResultColumns.STATUS));
        assertTrue(((String) refused.getAs(ResultColumns.ERROR)).contains("exists with other content"));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out.resolve("a.png")));
        ResultFiles.write(results, "path", root, out.toString(), true).count();
        assertArrayEquals(written, Files.readAllBytes(out.resolve("a.png")));
    }

    @Test
    void theExampleApplicationProcessesACollectionAsTheCommandLineCounts() throws IOException {
        PhotoCollection photos = PhotoCollection.create(tmp.resolve("example"));
        Files.writeString(photos.images().resolve("notes.txt"), "not an image: not picked up, as the CLI skips it");
        Path out = tmp.resolve("example/out");
        Path report = tmp.resolve("example/report");

        int exit = AnonymizeCollection.run(spark, photos.images().toString(), out.toString(), Map.of(
                "facesFile", photos.facesFile().toString(), "partitions", "3", "report", report.toString(),
                "operation", "redact", "redaction", "black"));

        assertEquals(4, exit, "the corrupt and the unlisted image failed");
        Dataset<Row> written = spark.read().json(report.toString());
        assertEquals(PhotoCollection.NAMES.size(), written.count(), "one report row per image, no text file");
        assertEquals(2, written.filter("status = 'FAILED'").count());
        for (String name : List.of("a.png", "sub/b.jpg", "c.jpg", "tiny.png", "empty.png")) {
            assertTrue(Files.isRegularFile(out.resolve(name)), name);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnonymizeCollection.run(spark,
                photos.images().toString(), out.toString(), Map.of("colour", "red")));
        assertTrue(e.getMessage().contains("no parameter 'colour'"), e.getMessage());
    }
}
