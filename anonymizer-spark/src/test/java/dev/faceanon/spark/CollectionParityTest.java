package dev.faceanon.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.batch.ImageSeeds;
import dev.faceanon.batch.RealPhoto;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transformer on a local[2] master over a directory of generated photos with a faces column,
 * against the command line on the same photos, faces and job seed: every row comes back with the
 * status the command line gives the image, the same per-face reports (identity audits and keep
 * gallery entries included) and byte for byte the same output; the models are loaded once for the
 * whole JVM, however many tasks run; a rerun writes the same bytes.
 */
class CollectionParityTest {
    private static final long JOB_SEED = 42;
    private static final String STEPS = "2";
    private static final ModelSpec TINY = new ModelSpec(ModelVariant.TINY_RANDOM, null, true, Precision.AUTO, 0,
            dev.faceanon.ModelOptions.DEFAULT_DETECTION_SIZE);

    private static final long NAMES_FAILED = PhotoCollection.NAMES.size() - PhotoCollection.WRITTEN.size();

    private static SparkSession spark;
    private static final Set<Long> TASKS = ConcurrentHashMap.newKeySet();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("CollectionParityTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                TASKS.add(end.taskInfo().taskId());
            }
        });
        ExecutorModels.closeAll();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
        ExecutorModels.closeAll();
    }

    private static Dataset<Row> photos(PhotoCollection photos) {
        // Four partitions: two tasks at a time on local[2], so that tasks share (or would each load) the models.
        Dataset<Row> images = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                .load(photos.images().toString()).repartition(4);
        return images.withColumn("faces", FacesColumn.fromFile(photos.facesFile(), photos.images().toString(),
                col("path")));
    }

    @Test
    void anonymizedCollectionMatchesTheCommandLineByteForByte() throws IOException {
        PhotoCollection photos = PhotoCollection.create(tmp.resolve("anonymize"));
        Path cliOut = tmp.resolve("anonymize/cli");
        Path report = tmp.resolve("anonymize/report.json");
        PhotoCollection.Run cli = PhotoCollection.cli("anonymize", "--model", "tiny-random", "--steps", STEPS,
                "--job-seed", Long.toString(JOB_SEED), "--faces", photos.facesFile().toString(), "--report",
                report.toString(), photos.images().toString(), "-o", cliOut.toString());
        assertEquals(4, cli.exit(), "two images fail: " + cli.out() + cli.err());

        FaceAnonTransformer transformer = new FaceAnonTransformer().setModel("tiny-random").setSteps(2)
                .setJobSeed(JOB_SEED).setImageRoot(photos.images().toString()).setFacesCol("faces");
        ExecutorModels.closeAll(); // no job runs: whatever another test loaded is gone, the next job loads anew
        int loadsBefore = ExecutorModels.loadCount(TINY, "cpu", true);
        TASKS.clear();
        List<Row> rows = transformer.transform(photos(photos)).collectAsList();

        assertEquals(1, ExecutorModels.loadCount(TINY, "cpu", true) - loadsBefore, "models loaded once for the JVM");
        assertTrue(TASKS.size() >= 4, "the rows were processed by several tasks: " + TASKS.size());
        Map<String, Row> results = PhotoCollection.byName(rows, photos.images());
        assertEquals(Set.copyOf(PhotoCollection.NAMES), results.keySet(), "every image has its row");
        Map<String, JsonObject> cliImages = cliReport(report);
        for (String name : PhotoCollection.NAMES) {
            Row row = results.get(name);
            JsonObject expected = cliImages.get(name);
            if (expected.has("error")) {
                assertEquals(ResultColumns.FAILED, row.getAs(ResultColumns.STATUS), name);
                assertNull(row.getAs(ResultColumns.OUTPUT), name);
                assertTrue(row.getList(row.fieldIndex(ResultColumns.FACES)).isEmpty(), name);
                continue;
            }
            assertArrayEquals(Files.readAllBytes(cliOut.resolve(name)), row.getAs(ResultColumns.OUTPUT), name);
            assertFaceReports(expected.getAsJsonArray("faces"), row.getList(row.fieldIndex(ResultColumns.FACES)),
                    photos.faces().get(name), name, JOB_SEED);
            assertNull(row.getAs(ResultColumns.ERROR), name);
        }
        assertEquals(ResultColumns.OK, results.get("a.png").getAs(ResultColumns.STATUS));
        assertEquals(ResultColumns.OK, results.get("c.jpg").getAs(ResultColumns.STATUS), "EXIF-rotated photo");
        assertEquals(ResultColumns.OK, results.get("empty.png").getAs(ResultColumns.STATUS));
        assertEquals(ResultColumns.FALLBACK, results.get("tiny.png").getAs(ResultColumns.STATUS),
                "a face too small to anonymize was redacted, as the command line reports it");
        // The real face was audited and checked fail-closed: the tiny model's noise is no longer her, at once.
        Row real = (Row) results.get("real.png").getList(results.get("real.png").fieldIndex(ResultColumns.FACES))
                .get(0);
        Row audit = real.getAs("identity");
        assertEquals("changed", audit.getAs("verdict"));
        assertTrue((double) audit.getAs("distance") > 0.6, audit.toString());
        Row firstTry = (Row) audit.getList(audit.fieldIndex("tries")).get(0);
        assertEquals(1, (int) firstTry.getAs("try"));
        assertEquals(new java.util.SplittableRandom(ImageSeeds.of(JOB_SEED, "real.png")).nextLong(),
                (long) firstTry.getAs("seed"), "the first try's seed follows from the image's seed");
        // The drawn faces are no faces to the recognizer: audited, not measured, never generated again.
        Row drawn = ((Row) results.get("a.png").getList(results.get("a.png").fieldIndex(ResultColumns.FACES)).get(0))
                .getAs("identity");
        assertEquals("not-measured", drawn.getAs("verdict"));
        assertNull(drawn.getAs("distance"));
        assertTrue(((String) drawn.getAs("note")).startsWith("the recognizer does not tell this face from"),
                drawn.toString());
        // The decoder's message, naming the image by its URI where the command line names its path.
        String corrupt = cliImages.get("corrupt.jpg").get("error").getAsString();
        assertEquals(corrupt.replace(photos.images().toString(), "file:" + photos.images()),
                results.get("corrupt.jpg").getAs(ResultColumns.ERROR));
        // The command line's faces file does not list the image; the faces column has no faces for it.
        assertTrue(cliImages.get("unlisted.png").get("error").getAsString().contains("does not list"));
        assertTrue(((String) results.get("unlisted.png").getAs(ResultColumns.ERROR)).contains("gives no faces"));

        // The writer puts the same files where the command line put them; then a rerun (a new job on the same
        // transformer: another load would show) writes nothing new, because every byte is the same.
        Path sparkOut = tmp.resolve("anonymize/spark");
        List<Row> written = ResultFiles.write(transformer.transform(photos(photos)), "path",
                photos.images().toString(), sparkOut.toString(), false).collectAsList();
        assertEquals(PhotoCollection.NAMES.size(), written.size());
        assertEquals(tree(cliOut), tree(sparkOut));
        for (String file : tree(cliOut)) {
            assertArrayEquals(Files.readAllBytes(cliOut.resolve(file)), Files.readAllBytes(sparkOut.resolve(file)),
                    file);
        }
        long failedToWrite = written.stream().filter(r -> r.getAs("outputFile") == null).count();
        assertEquals(NAMES_FAILED, failedToWrite, "the corrupt and the unlisted image");
        assertEquals(1, ExecutorModels.loadCount(TINY, "cpu", true) - loadsBefore, "no load for the rerun");
    }

    /** What the command line reported of each image, by name. */
    private static Map<String, JsonObject> cliReport(Path report) throws IOException {
        Map<String, JsonObject> images = new HashMap<>();
        for (JsonElement e : JsonParser.parseString(Files.readString(report)).getAsJsonObject()
                .getAsJsonArray("images")) {
            images.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject());
        }
        return images;
    }

    private static void assertFaceReports(JsonArray expected, List<Row> actual, List<Face> given, String name,
            long jobSeed) {
        assertEquals(expected.size(), actual.size(), name);
        for (int i = 0; i < actual.size(); i++) {
            JsonObject e = expected.get(i).getAsJsonObject();
            Row a = actual.get(i);
            String where = name + " face " + i;
            assertEquals(e.get("index").getAsInt(), (int) a.getAs("index"), where);
            assertEquals(e.get("action").getAsString(), a.getAs("action"), where);
            assertEquals(e.get("asked").getAsBoolean(), a.getAs("asked"), where);
            assertEquals(e.has("reason") ? e.get("reason").getAsString() : "", a.getAs("reason"), where);
            if (e.has("seed")) {
                assertEquals(ImageSeeds.of(jobSeed, name), e.get("seed").getAsLong(), where);
                assertEquals(e.get("seed").getAsLong(), (long) a.getAs("seed"), where);
            } else {
                assertNull(a.getAs("seed"), where);
            }
            assertSameAudit(e, a, where);
            List<Double> box = a.getList(a.fieldIndex("box"));
            for (int k = 0; k < 4; k++) {
                assertEquals(e.getAsJsonArray("box").get(k).getAsDouble(), box.get(k), where);
            }
            // The report's landmarks are the supplied face's: find it by its box.
            Face face = given.stream().filter(f -> f.box().x1() == box.get(0) && f.box().y1() == box.get(1))
                    .findFirst().orElseThrow();
            List<List<Double>> landmarks = a.<scala.collection.Seq<Double>>getList(a.fieldIndex("landmarks")).stream()
                    .map(p -> scala.jdk.javaapi.CollectionConverters.asJava(p)).toList();
            assertEquals(face.landmarks().size(), landmarks.size(), where);
            assertEquals(face.landmarks().get(2).x(), landmarks.get(2).get(0), where);
            assertEquals(face.landmarks().get(2).y(), landmarks.get(2).get(1), where);
        }
    }

    /**
     * The identity audit and the keep gallery entry of a face, field for field as the command line's JSON report
     * gives them; a field the report leaves out is null.
     */
    private static void assertSameAudit(JsonObject expected, Row actual, String where) {
        assertEquals(expected.has("identity"), actual.getAs("identity") != null, where + ": identity");
        if (expected.has("identity")) {
            JsonObject e = expected.getAsJsonObject("identity");
            Row a = actual.getAs("identity");
            assertEquals(e.get("verdict").getAsString(), a.getAs("verdict"), where);
            assertEquals(e.get("threshold").getAsDouble(), (double) a.getAs("threshold"), where);
            for (String field : List.of("distance", "distanceToIdentity")) {
                assertEquals(e.has(field) ? e.get(field).getAsDouble() : null, a.getAs(field), where + " " + field);
            }
            assertEquals(e.has("note") ? e.get("note").getAsString() : null, a.getAs("note"), where);
            JsonArray tries = e.getAsJsonArray("tries");
            List<Row> actualTries = a.getList(a.fieldIndex("tries"));
            assertEquals(tries.size(), actualTries.size(), where + " tries");
            for (int t = 0; t < tries.size(); t++) {
                JsonObject et = tries.get(t).getAsJsonObject();
                Row at = actualTries.get(t);
                assertEquals(et.get("try").getAsInt(), (int) at.getAs("try"), where);
                assertEquals(et.has("seed") ? et.get("seed").getAsLong() : null, at.getAs("seed"), where);
                assertEquals(et.get("distance").getAsDouble(), (double) at.getAs("distance"), where);
            }
        }
        assertEquals(expected.has("kept"), actual.getAs("kept") != null, where + ": kept");
        if (expected.has("kept")) {
            Row kept = actual.getAs("kept");
            assertEquals(expected.getAsJsonObject("kept").get("entry").getAsString(), kept.getAs("entry"), where);
            assertEquals(expected.getAsJsonObject("kept").get("distance").getAsDouble(), (double) kept.getAs("distance"),
                    where);
        }
    }

    /** Every file under a directory, by its relative path. */
    private static Set<String> tree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void redactedCollectionMatchesTheCommandLineWithoutAnyModel() throws IOException {
        PhotoCollection photos = PhotoCollection.create(tmp.resolve("redact"));
        Path cliOut = tmp.resolve("redact/cli");
        Path report = tmp.resolve("redact/report.json");
        PhotoCollection.Run cli = PhotoCollection.cli("redact", "--method", "pixelate", "--pixelate-cells", "3",
                "--faces", photos.facesFile().toString(), "--report", report.toString(), photos.images().toString(),
                "-o", cliOut.toString());
        assertEquals(4, cli.exit(), cli.out() + cli.err());

        List<Row> rows = new FaceAnonTransformer().setOperation("redact").setRedaction("pixelate").setPixelateCells(3)
                .setImageRoot(photos.images().toString()).setFacesCol("faces").transform(photos(photos))
                .collectAsList();

        Map<String, Row> results = PhotoCollection.byName(rows, photos.images());
        Map<String, JsonObject> cliImages = cliReport(report);
        for (String name : tree(cliOut)) {
            Row row = results.get(name);
            assertArrayEquals(Files.readAllBytes(cliOut.resolve(name)), row.getAs(ResultColumns.OUTPUT), name);
            assertFaceReports(cliImages.get(name).getAsJsonArray("faces"), row.getList(row.fieldIndex(
                    ResultColumns.FACES)), photos.faces().get(name), name, 0);
        }
        assertEquals(Set.copyOf(PhotoCollection.WRITTEN), tree(cliOut));
        Row a = results.get("a.png");
        assertEquals(ResultColumns.OK, a.getAs(ResultColumns.STATUS));
        Row face = (Row) a.getList(a.fieldIndex(ResultColumns.FACES)).get(0);
        assertEquals("redacted (pixelate)", face.getAs("action"));
        assertNull(face.getAs("seed"), "a redaction draws no noise");
        // The real face, pixelated with 3 cells across it, is audited: no longer her.
        Row real = (Row) results.get("real.png").getList(results.get("real.png").fieldIndex(ResultColumns.FACES))
                .get(0);
        assertEquals("changed", ((Row) real.getAs("identity")).getAs("verdict"));
        assertTrue(((Row) real.getAs("identity")).getList(((Row) real.getAs("identity")).fieldIndex("tries"))
                .isEmpty(), "nothing was generated");
    }

    @Test
    void swappedPhotosMatchTheCommandLine() throws IOException {
        PhotoCollection photos = PhotoCollection.create(tmp.resolve("swap"));
        Path identity = photos.images().resolve("a.png");
        Path cliOut = tmp.resolve("swap/cli");
        // The targets are the images of sub/, named relative to it; the identity by its file name.
        Path facesFile = tmp.resolve("swap/sub-faces.json");
        FacesFile.write(facesFile, Map.of("b.jpg", photos.faces().get("sub/b.jpg"), "a.png",
                photos.faces().get("a.png")));
        Path report = tmp.resolve("swap/report.json");
        PhotoCollection.Run cli = PhotoCollection.cli("swap", "--identity", identity.toString(), "--model",
                "tiny-random", "--steps", STEPS, "--job-seed", "7", "--faces", facesFile.toString(), "--report",
                report.toString(), photos.images().resolve("sub").toString(), "-o", cliOut.toString());
        assertEquals(0, cli.exit(), cli.out() + cli.err());

        // The command line takes the identity's first listed face; here its faces come as JSON.
        String identityFaces = "[" + faceJson(photos.faces().get("a.png").get(0)) + "]";
        Dataset<Row> sub = spark.read().format("binaryFile").load(photos.images().resolve("sub").toString())
                .withColumn("faces", FacesColumn.fromFile(facesFile, photos.images().resolve("sub").toString(),
                        col("path")));
        List<Row> rows = new FaceAnonTransformer().setOperation("swap").setIdentityPath(identity.toString())
                .setIdentityFaces(identityFaces).setModel("tiny-random").setSteps(2).setJobSeed(7)
                .setImageRoot(photos.images().resolve("sub").toString()).setFacesCol("faces").transform(sub)
                .collectAsList();

        assertEquals(1, rows.size());
        assertEquals(ResultColumns.OK, rows.get(0).getAs(ResultColumns.STATUS), (String) rows.get(0).getAs("error"));
        assertArrayEquals(Files.readAllBytes(cliOut.resolve("b.jpg")), rows.get(0).getAs(ResultColumns.OUTPUT));
        assertFaceReports(cliReport(report).get("b.jpg").getAsJsonArray("faces"), rows.get(0).getList(rows.get(0)
                .fieldIndex(ResultColumns.FACES)), photos.faces().get("sub/b.jpg"), "b.jpg", 7);
    }

    @Test
    void theKeepGalleryKeepsTheSameFaceAsTheCommandLineAndIsReadAgainByTheNextRun() throws IOException {
        RealPhoto.TwoFaces two = RealPhoto.twoFaces();
        Path in = Files.createDirectories(tmp.resolve("keep/in"));
        Path refs = Files.createDirectories(tmp.resolve("keep/refs"));
        ImageFiles.write(two.image(), in.resolve("two.png"));
        Files.copy(RealPhoto.astronautFile(), refs.resolve("astronaut.png"));
        Path faces = tmp.resolve("keep/faces.json");
        // One file for the photo and every reference photo the gallery will ever hold.
        FacesFile.write(faces, Map.of("two.png", List.of(two.astronaut(), two.other()), "astronaut.png",
                List.of(RealPhoto.astronautFace()), "other.png", List.of(two.other())));
        Path cliOut = tmp.resolve("keep/cli");
        Path report = tmp.resolve("keep/report.json");
        PhotoCollection.Run cli = PhotoCollection.cli("anonymize", "--model", "tiny-random", "--steps", STEPS,
                "--job-seed", Long.toString(JOB_SEED), "--faces", faces.toString(), "--keep", refs.toString(),
                "--report", report.toString(), in.toString(), "-o", cliOut.toString());
        assertEquals(0, cli.exit(), cli.out() + cli.err());

        FaceAnonTransformer transformer = new FaceAnonTransformer().setModel("tiny-random").setSteps(2)
                .setJobSeed(JOB_SEED).setImageRoot(in.toString()).setFacesCol("faces")
                .setKeepDirectory(refs.toString()).setKeepFaces(faces.toString());
        Dataset<Row> images = spark.read().format("binaryFile").load(in.toString())
                .withColumn("faces", FacesColumn.fromFile(faces, in.toString(), col("path")));
        Row row = transformer.transform(images).first();

        assertEquals(ResultColumns.OK, row.getAs(ResultColumns.STATUS), (String) row.getAs(ResultColumns.ERROR));
        assertArrayEquals(Files.readAllBytes(cliOut.resolve("two.png")), row.getAs(ResultColumns.OUTPUT));
        List<Row> reports = row.getList(row.fieldIndex(ResultColumns.FACES));
        assertFaceReports(cliReport(report).get("two.png").getAsJsonArray("faces"), reports,
                List.of(two.astronaut(), two.other()), "two.png", JOB_SEED);
        Row kept = onlyKept(reports);
        assertEquals("astronaut.png", ((Row) kept.getAs("kept")).getAs("entry"));
        assertEquals(two.astronaut().box().x1(), kept.<Double>getList(kept.fieldIndex("box")).get(0));
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(row.getAs(ResultColumns.OUTPUT)));
        assertBoxUnchanged(two.image(), out, two.astronaut().box());

        // Consent withdrawn, another given: the same transformer's next run reads the directory again.
        Files.delete(refs.resolve("astronaut.png"));
        ImageFiles.write(two.image(), refs.resolve("other.png"));
        Row keptNext = onlyKept(transformer.transform(images).first().getList(row.fieldIndex(ResultColumns.FACES)));
        assertEquals("other.png", ((Row) keptNext.getAs("kept")).getAs("entry"));
        assertEquals(two.other().box().x1(), keptNext.<Double>getList(keptNext.fieldIndex("box")).get(0),
                "the astronaut is anonymized now, the other face kept");
    }

    /** The one kept face of an image's reports; the other is anonymized. */
    private static Row onlyKept(List<Row> reports) {
        assertEquals(List.of("anonymized", "kept"), reports.stream().map(r -> (String) r.getAs("action")).sorted()
                .toList());
        return reports.stream().filter(r -> r.getAs("kept") != null).findFirst().orElseThrow();
    }

    private static void assertBoxUnchanged(BufferedImage before, BufferedImage after, BoundingBox box) {
        for (int y = (int) box.y1(); y < (int) Math.ceil(box.y2()); y++) {
            for (int x = (int) box.x1(); x < (int) Math.ceil(box.x2()); x++) {
                assertEquals(before.getRGB(x, y), after.getRGB(x, y), "kept face changed at " + x + "," + y);
            }
        }
    }

    private static String faceJson(Face f) {
        return "{\"box\": [" + f.box().x1() + ", " + f.box().y1() + ", " + f.box().x2() + ", " + f.box().y2()
                + "], \"landmarks\": [" + f.landmarks().stream().map(p -> "[" + p.x() + ", " + p.y() + "]")
                        .collect(Collectors.joining(", ")) + "]}";
    }
}
