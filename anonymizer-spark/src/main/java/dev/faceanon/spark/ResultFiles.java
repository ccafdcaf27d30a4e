package dev.faceanon.spark;

import dev.faceanon.FaceAnonException;
import dev.faceanon.batch.AtomicFiles;
import dev.faceanon.batch.ImageFormats;
import dev.faceanon.batch.IoProblem;
import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes each result image to a file under an output root, keeping the images' relative paths, as
 * the command line does: Spark's {@code binaryFile} source reads files but cannot write them. Each
 * file is written whole or not at all ({@link AtomicFiles}); inputs are never overwritten (the
 * output root may not be the image root, lie inside it or hold it); an existing file with other bytes is
 * replaced only when asked, and one with the same bytes is left as it is, so that a retried or
 * speculative task, or a rerun, is harmless.
 *
 * <p>The output root must be a file system every executor reaches under the same path (a local
 * directory in local mode, a shared mount such as NFS or a Kubernetes ReadWriteMany volume on a
 * cluster); results for HDFS or object stores are better kept as Parquet ({@code output} column).
 */
public final class ResultFiles implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The report's columns: what happened to each image, without its bytes. */
    public static final StructType REPORT = new StructType()
            .add("path", DataTypes.StringType, true)
            .add("outputFile", DataTypes.StringType, true)
            .add(ResultColumns.STATUS, DataTypes.StringType, false)
            .add(ResultColumns.ERROR, DataTypes.StringType, true)
            .add(ResultColumns.FACES, FaceReportStruct.ARRAY, false)
            .add(ResultColumns.DAMAGE, DataTypes.createArrayType(DataTypes.StringType, false), false);

    private final ImageNames names;
    private final String outputRoot;
    private final boolean overwrite;
    /**
     * Positions of the path and result columns: rows handed on from the job within one stage carry
     * no schema to look names up in.
     */
    private final int path;
    private final int output;
    private final int format;
    private final int status;
    private final int error;
    private final int faces;
    private final int damage;

    private ResultFiles(ImageNames names, String outputRoot, boolean overwrite, StructType results, String pathCol) {
        this.names = names;
        this.outputRoot = outputRoot;
        this.overwrite = overwrite;
        this.path = results.fieldIndex(pathCol);
        this.output = results.fieldIndex(ResultColumns.OUTPUT);
        this.format = results.fieldIndex(ResultColumns.FORMAT);
        this.status = results.fieldIndex(ResultColumns.STATUS);
        this.error = results.fieldIndex(ResultColumns.ERROR);
        this.faces = results.fieldIndex(ResultColumns.FACES);
        this.damage = results.fieldIndex(ResultColumns.DAMAGE);
    }

    /**
     * Writes the results when the returned report is computed (lazily, like any transformation:
     * call an action on it, such as {@code write().json(...)} or {@code count()}). Each row of the
     * report tells what happened to one image: the file written, or why none was.
     *
     * @param results the results of a job ({@link AnonymizationJob#apply}), with the path column
     * @param pathCol the column of the images' paths
     * @param imageRoot the directory the images were read from: each file goes under
     *     {@code outputRoot} at the image's path relative to it
     * @param outputRoot the directory the files go to; neither the image root, nor inside it, nor
     *     holding it
     * @param overwrite whether an existing file with other bytes is replaced (otherwise its row fails)
     * @return the report, of {@link #REPORT}
     * @throws IllegalArgumentException if a column is missing, a root is not a local or mounted
     *     path, or the output root is, lies inside or holds the image root
     */
    public static Dataset<Row> write(Dataset<Row> results, String pathCol, String imageRoot, String outputRoot,
            boolean overwrite) {
        for (String column : new String[] {pathCol, ResultColumns.OUTPUT, ResultColumns.FORMAT, ResultColumns.STATUS,
            ResultColumns.ERROR, ResultColumns.FACES, ResultColumns.DAMAGE}) {
            if (results.schema().getFieldIndex(column).isEmpty()) {
                throw new IllegalArgumentException("the results lack the column '" + column + "': write the results"
                        + " of an anonymization job");
            }
        }
        Path root = localPath(imageRoot);
        Path out = localPath(outputRoot);
        if (out.startsWith(root) || root.startsWith(out)) {
            throw new IllegalArgumentException("the output root " + outputRoot + (out.equals(root) ? " is"
                    : out.startsWith(root) ? " lies in" : " contains") + " the image root " + imageRoot
                    + ": results could overwrite inputs; choose an output root outside it");
        }
        ResultFiles writer = new ResultFiles(new ImageNames(root.toString()), out.toString(), overwrite,
                results.schema(), pathCol);
        return results.mapPartitions(writer.new Writer(), Encoders.row(REPORT));
    }

    /** A local path from a path or a file URI ({@code file:/x}), absolute and normalized. */
    private static Path localPath(String pathOrUri) {
        // Hadoop's parser, as Spark's paths are written: "file:/my photos" holds a space, not "%20".
        java.net.URI uri = new org.apache.hadoop.fs.Path(pathOrUri).toUri();
        String p = uri.getScheme() == null || uri.getScheme().equals("file") ? uri.getPath() : null;
        if (p == null) {
            throw new IllegalArgumentException("not a path of a file system the executors mount: "
                    + UntrustedText.quote(pathOrUri, '"'));
        }
        return Path.of(p).toAbsolutePath().normalize();
    }

    /** Writes the rows of one partition. */
    private final class Writer implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    return report(rows.next());
                }
            };
        }
    }

    private Row report(Row row) {
        String file = row.getString(path);
        Object reports = row.get(faces);
        Object damaged = row.get(damage);
        String result = row.getString(status);
        if (ResultColumns.FAILED.equals(result)) {
            return RowFactory.create(file, null, result, row.get(error), reports, damaged);
        }
        try {
            Path target = target(file, row.getString(format));
            writeOnce((byte[]) row.get(output), target, file);
            return RowFactory.create(file, target.toString(), result, null, reports, damaged);
        } catch (FaceAnonException e) {
            return RowFactory.create(file, null, ResultColumns.FAILED, e.getMessage(), reports, damaged);
        }
    }

    /** The output file of an image: its name under the output root, with the extension of its format. */
    private Path target(String path, String format) {
        String name = names.nameOf(path);
        String file = ImageFormats.extension(name).map(format::equals).orElse(false) ? name
                : ImageFormats.withExtension(name, format);
        Path target = Path.of(outputRoot).resolve(file).normalize();
        if (!target.startsWith(Path.of(outputRoot))) {
            throw new FaceAnonException("the image name " + UntrustedText.quote(name, '"') + " leads outside the"
                    + " output root");
        }
        return target;
    }

    private void writeOnce(byte[] bytes, Path target, String input) {
        if (Files.exists(target)) {
            if (sameBytes(target, bytes)) {
                return;
            }
            if (!overwrite) {
                throw new FaceAnonException("output " + target + " exists with other content; set overwrite to"
                        + " replace it: " + UntrustedText.quote(input, '"'));
            }
        }
        AtomicFiles.write(bytes, target);
    }

    private static boolean sameBytes(Path file, byte[] bytes) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != bytes.length) {
                return false;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return Arrays.equals(in.readNBytes(bytes.length + 1), bytes);
            }
        } catch (IOException e) {
            throw new FaceAnonException("cannot read the existing output " + file + ": " + IoProblem.describe(e), e);
        }
    }
}
