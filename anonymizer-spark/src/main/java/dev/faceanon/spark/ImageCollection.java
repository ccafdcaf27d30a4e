package dev.faceanon.spark;

import dev.faceanon.batch.ImageFormats;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads a photo collection as the command line scans a directory: every file below the root, in
 * every subdirectory, whose extension names a format the library reads ({@link ImageFormats#READABLE},
 * any case); hidden files (names starting with '.' or '_') are left out by Spark. The rows are
 * those of Spark's {@code binaryFile} source: {@code path}, {@code modificationTime},
 * {@code length}, {@code content}.
 */
public final class ImageCollection {

    private ImageCollection() {}

    /**
     * @param spark the session
     * @param root the collection's directory (a path or URI any file system of the session reads)
     * @return its images, read lazily
     */
    public static Dataset<Row> read(SparkSession spark, String root) {
        String extensions = String.join("|", new TreeSet<>(ImageFormats.READABLE));
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(root)
                .filter(functions.lower(functions.col("path")).rlike("\\.(" + extensions + ")$"));
    }
}
