package dev.faceanon.spark.example;

import dev.faceanon.spark.FaceAnonTransformer;
import dev.faceanon.spark.FacesColumn;
import dev.faceanon.spark.ImageCollection;
import dev.faceanon.spark.ResultColumns;
import dev.faceanon.spark.ResultFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Anonymizes a photo collection on Spark and writes the results beside it, keeping the relative
 * paths, as {@code faceanon anonymize IN -o OUT} does on one machine (docs/spark.md):
 *
 * <pre>
 * spark-submit --class dev.faceanon.spark.example.AnonymizeCollection anonymizer-spark/target/faceanon-spark.jar \
 *     IN OUT [facesFile=FILE.json] [partitions=N] [overwrite=true] [report=DIR] [PARAM=VALUE ...]
 * </pre>
 *
 * <p>PARAM is any parameter of {@link FaceAnonTransformer} ({@code model=tiny-random},
 * {@code jobSeed=42}, {@code operation=redact}, {@code devicePolicy=task}, ...). The summary counts
 * the images by status; {@code report=DIR} also writes what happened to each image and face as
 * JSON. Exit code as the command line's: 0 all as asked, 3 some face fell back, 4 some image failed.
 */
public final class AnonymizeCollection {

    private AnonymizeCollection() {}

    /**
     * @param args IN OUT [name=value ...]
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: AnonymizeCollection IN OUT [facesFile=FILE.json] [partitions=N]"
                    + " [overwrite=true] [report=DIR] [PARAM=VALUE ...]");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("faceanon").getOrCreate();
        int exit;
        try {
            exit = run(spark, args[0], args[1], options(Arrays.asList(args).subList(2, args.length)));
        } finally {
            spark.stop();
        }
        System.exit(exit);
    }

    /**
     * @param spark the session
     * @param in the collection
     * @param out where the results go
     * @param options name=value options, as on the command line
     * @return the exit code
     */
    public static int run(SparkSession spark, String in, String out, Map<String, String> options) {
        Map<String, String> params = new TreeMap<>(options);
        String facesFile = params.remove("facesFile");
        String partitions = params.remove("partitions");
        boolean overwrite = Boolean.parseBoolean(params.remove("overwrite"));
        String reportDir = params.remove("report");

        FaceAnonTransformer transformer = configured(new FaceAnonTransformer().setImageRoot(in), params);
        Dataset<Row> images = ImageCollection.read(spark, in);
        if (partitions != null) {
            // One image takes seconds to minutes: small partitions balance the load and make retries cheap.
            images = images.repartition(Integer.parseInt(partitions));
        }
        if (facesFile != null) {
            images = images.withColumn("faces", FacesColumn.fromFile(Path.of(facesFile), in, functions.col("path")));
            transformer.setFacesCol("faces");
        }
        // Kept once computed: the summary and the JSON report read it without anonymizing anything twice.
        Dataset<Row> report = ResultFiles.write(transformer.transform(images), "path", in, out, overwrite)
                .persist(StorageLevel.MEMORY_AND_DISK());
        if (reportDir != null) {
            report.write().json(reportDir);
        }
        List<Row> counts = report.groupBy(ResultColumns.STATUS).count().collectAsList();
        Map<String, Long> byStatus = new TreeMap<>();
        counts.forEach(r -> byStatus.put(r.getString(0), r.getLong(1)));
        System.out.println("faceanon: " + byStatus.values().stream().mapToLong(Long::longValue).sum() + " image(s): "
                + byStatus);
        report.unpersist();
        return byStatus.containsKey(ResultColumns.FAILED) ? 4 : byStatus.containsKey(ResultColumns.FALLBACK) ? 3 : 0;
    }

    /** The transformer with each name=value set on the parameter of that name. */
    private static FaceAnonTransformer configured(FaceAnonTransformer transformer, Map<String, String> params) {
        ParamMap extra = new ParamMap();
        for (Map.Entry<String, String> e : params.entrySet()) {
            Param<?> param;
            try {
                param = transformer.getParam(e.getKey());
            } catch (java.util.NoSuchElementException ex) {
                throw new IllegalArgumentException("no parameter '" + e.getKey() + "'; see FaceAnonTransformer", ex);
            }
            put(extra, param, e.getValue());
        }
        return transformer.copy(extra);
    }

    @SuppressWarnings("unchecked")
    private static void put(ParamMap map, Param<?> param, String value) {
        Object typed = param instanceof BooleanParam ? Boolean.valueOf(value)
                : param instanceof IntParam ? Integer.valueOf(value)
                : param instanceof LongParam ? Long.valueOf(value)
                : param instanceof DoubleParam ? Double.valueOf(value) : value;
        map.put((Param<Object>) param, typed);
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new TreeMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got " + a);
            }
            options.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return options;
    }
}
