package dev.faceanon.spark;

import dev.faceanon.CallOptions;
import dev.faceanon.batch.FaceReport;
import dev.faceanon.batch.ImageDecoder;
import dev.faceanon.batch.ImageEncoder;
import dev.faceanon.batch.ImageFailures;
import dev.faceanon.batch.ImageFormats;
import dev.faceanon.batch.ImageSeeds;
import dev.faceanon.batch.PhotoOperation;
import dev.faceanon.batch.PhotoRequest;
import dev.faceanon.face.Face;
import dev.faceanon.text.UntrustedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * One image row in, one result row out, as the command line processes one image file: decode
 * (damage, size, EXIF orientation), the faces given for it, its seed from its name, the operation,
 * encoding without metadata. Whatever goes wrong with one image fails that row with the message the
 * command line would print; only problems that would fail every image (model files) end the task.
 */
final class ImageRows {
    private final AnonymizationJob job;
    private final int path;
    private final int content;
    private final int faces;
    private final FacesColumn facesColumn;
    private final ImageNames names;
    private final ImageDecoder decoder;
    private final Supplier<PhotoOperation> operationFactory;
    private PhotoOperation operation;
    private int count;
    private int failed;

    /**
     * @param job the job
     * @param input the images' schema
     * @param operation makes the operation when the first image needs it (loading models takes long)
     */
    ImageRows(AnonymizationJob job, StructType input, Supplier<PhotoOperation> operation) {
        this.job = job;
        this.path = input.fieldIndex(job.pathCol());
        this.content = input.fieldIndex(job.contentCol());
        this.faces = job.facesCol() == null ? -1 : input.fieldIndex(job.facesCol());
        this.facesColumn = job.facesCol() == null ? null
                : FacesColumn.of(job.facesCol(), input.apply(job.facesCol()).dataType());
        this.names = new ImageNames(job.imageRoot());
        this.decoder = job.decoder();
        this.operationFactory = operation;
    }

    /**
     * @param row an image row
     * @param options cancellation for this image
     * @return the row with the result columns
     */
    Row process(Row row, CallOptions options) {
        // Outside the row's failure handling: what fails here (models, the identity) would fail every image.
        PhotoOperation operation = operation();
        count++;
        String file = row.isNullAt(path) ? null : row.getString(path);
        List<String> damage = List.of();
        try {
            if (file == null) {
                throw new dev.faceanon.FaceAnonException("the image has no path (null)");
            }
            String name = names.nameOf(file);
            if (row.isNullAt(content)) {
                throw new dev.faceanon.FaceAnonException("no content for the image " + UntrustedText.quote(file, '"'));
            }
            ImageDecoder.Decoded decoded = decoder.decode((byte[]) row.get(content), file);
            damage = decoded.damage();
            Optional<List<Face>> given = facesColumn == null ? Optional.empty()
                    : Optional.of(facesColumn.read(row.get(faces), UntrustedText.quote(file, '"')));
            PhotoRequest request = new PhotoRequest(decoded.image(), given,
                    OptionalLong.of(ImageSeeds.of(job.jobSeed(), name)));
            PhotoOperation.Result result = operation.apply(request, options);
            String format = job.outputFormat() != null ? job.outputFormat()
                    : ImageFormats.extension(file).orElse("");
            byte[] bytes = ImageEncoder.encode(result.image(), format, file);
            boolean asIntended = result.faces().stream().allMatch(FaceReport::asIntended);
            return withResults(row, bytes, format, result.faces(), asIntended ? ResultColumns.OK
                    : ResultColumns.FALLBACK, null, damage);
        } catch (RuntimeException e) {
            if (ImageFailures.failsEveryImage(e)) {
                throw e;
            }
            failed++;
            return withResults(row, null, null, List.of(), ResultColumns.FAILED, ImageFailures.describe(e), List.of());
        }
    }

    /** @return a line for the log: how many images were processed and how many failed (no names) */
    String summary() {
        return count + " image(s), " + failed + " failed";
    }

    private PhotoOperation operation() {
        if (operation == null) {
            operation = operationFactory.get();
        }
        return operation;
    }

    private static Row withResults(Row row, byte[] output, String format, List<FaceReport> reports, String status,
            String error, List<String> damage) {
        Object[] values = new Object[row.length() + ResultColumns.count()];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        List<Row> structs = new ArrayList<>(reports.size());
        reports.forEach(r -> structs.add(FaceReportStruct.of(r)));
        int i = row.length();
        values[i++] = output;
        values[i++] = format;
        values[i++] = SparkValues.array(structs);
        values[i++] = status;
        values[i++] = error;
        values[i] = SparkValues.array(damage);
        return RowFactory.create(values);
    }
}
