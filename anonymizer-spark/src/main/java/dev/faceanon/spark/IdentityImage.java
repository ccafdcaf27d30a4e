package dev.faceanon.spark;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The identity image of a swap, read on the driver with Spark, so that it may lie on any file system Spark reads. */
final class IdentityImage {

    private IdentityImage() {}

    /**
     * @param spark the session
     * @param path the image
     * @return its bytes
     * @throws IllegalArgumentException naming the path unless it is one readable file
     */
    static byte[] read(SparkSession spark, String path) {
        List<Row> rows = spark.read().format("binaryFile").load(path).select("content").collectAsList();
        if (rows.size() != 1) {
            throw new IllegalArgumentException("the identity image " + path + " must be one file, found "
                    + rows.size());
        }
        return rows.get(0).getAs(0);
    }
}
