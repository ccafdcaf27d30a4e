package dev.faceanon.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faceanon.CallOptions;
import dev.faceanon.batch.FaceReport;
import dev.faceanon.batch.ImageEncoder;
import dev.faceanon.batch.PhotoOperation;
import dev.faceanon.batch.TestImages;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.identity.IdentityTry;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A row's status says what the command line's exit code says: a face the identity check still takes for its input
 * makes the row FALLBACK even though it was processed as asked, and the per-face struct carries the audit.
 */
class ImageRowsTest {
    private static final StructType IMAGES = new StructType().add("path", DataTypes.StringType)
            .add("content", DataTypes.BinaryType);

    private static final StructType RESULTS = ResultColumns.outputSchema(IMAGES, "path", "content", null);

    /** A field of a row built without a schema, as the executors build them, by the schema it is encoded with. */
    private static <T> T field(Row row, StructType schema, String name) {
        return row.getAs(schema.fieldIndex(name));
    }

    private static Row process(double distance) {
        IdentityAudit audit = IdentityAudit.measured(distance, 0.6, List.of(new IdentityTry(1, OptionalLong.of(9),
                distance)));
        PhotoOperation operation = (request, options) -> new PhotoOperation.Result(request.image(), List.of(
                new FaceReport(0, new BoundingBox(1, 1, 9, 9), List.of(), "anonymized", true, "", OptionalLong.of(9),
                        Optional.of(audit), Optional.empty())));
        ImageRows rows = new ImageRows(AnonymizationJob.builder().jobSeed(1).build(), IMAGES, () -> operation);
        byte[] png = ImageEncoder.encode(TestImages.pattern(16, 16), "png", "a.png");
        return rows.process(RowFactory.create("file:/photos/a.png", png), CallOptions.defaults());
    }

    @Test
    void aFaceThatStillMatchesItsInputMakesTheRowFallBack() {
        Row stillMatching = process(0.25);
        assertEquals(ResultColumns.FALLBACK, field(stillMatching, RESULTS, ResultColumns.STATUS));
        assertNull(field(stillMatching, RESULTS, ResultColumns.ERROR));
        Row face = SparkValues.<Row>list(field(stillMatching, RESULTS, ResultColumns.FACES), "faces").get(0);
        Row identity = field(face, FaceReportStruct.TYPE, "identity");
        assertEquals("still-matches", field(identity, FaceReportStruct.IDENTITY, "verdict"));
        assertEquals(0.25, (double) field(identity, FaceReportStruct.IDENTITY, "distance"));

        assertEquals(ResultColumns.OK, field(process(0.9), RESULTS, ResultColumns.STATUS));
    }
}
