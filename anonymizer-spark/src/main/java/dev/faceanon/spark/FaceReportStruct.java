package dev.faceanon.spark;

import dev.faceanon.batch.FaceReport;
import dev.faceanon.face.Point;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.IdentityAudit;
import dev.faceanon.identity.IdentityTry;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The per-face struct of the results: one {@link FaceReport}, field for field, so that a field the
 * reports gain is added here, in {@link #TYPE} and {@link #of}, and nowhere else. The fields and
 * their values are those of the command line's JSON report ({@link FaceReport#toJson()}), plus the
 * landmarks; what the JSON report leaves out is null here.
 */
public final class FaceReportStruct {
    /** One generation of a face: {@code try} (1, 2, ...), {@code seed} (null with caller-supplied noise), {@code distance}. */
    public static final StructType TRY = new StructType()
            .add("try", DataTypes.IntegerType, false)
            .add("seed", DataTypes.LongType, true)
            .add("distance", DataTypes.DoubleType, false);

    /**
     * The identity audit of an output face: {@code verdict} (changed, still-matches, not-measured), {@code distance}
     * to the input face (null when not measured), {@code threshold}, {@code distanceToIdentity} (swaps: to the
     * identity face; null otherwise), {@code note} (why it was not measured; null otherwise) and {@code tries}.
     */
    public static final StructType IDENTITY = new StructType()
            .add("verdict", DataTypes.StringType, false)
            .add("distance", DataTypes.DoubleType, true)
            .add("threshold", DataTypes.DoubleType, false)
            .add("distanceToIdentity", DataTypes.DoubleType, true)
            .add("note", DataTypes.StringType, true)
            .add("tries", DataTypes.createArrayType(TRY, false), false);

    /** The keep gallery entry a kept face matched: {@code entry} (its name under the directory), {@code distance}. */
    public static final StructType KEPT = new StructType()
            .add("entry", DataTypes.StringType, false)
            .add("distance", DataTypes.DoubleType, false);

    /**
     * One face: what the command line's JSON report says of it, plus its landmarks; {@code identity} is null when
     * the identity check is off, {@code kept} null unless the face was kept.
     */
    public static final StructType TYPE = new StructType()
            .add("index", DataTypes.IntegerType, false)
            .add("box", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("landmarks", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), false),
                    false)
            .add("action", DataTypes.StringType, false)
            .add("asked", DataTypes.BooleanType, false)
            .add("reason", DataTypes.StringType, false)
            .add("seed", DataTypes.LongType, true)
            .add("identity", IDENTITY, true)
            .add("kept", KEPT, true);

    /** Every face of an image, in processing order. */
    public static final ArrayType ARRAY = DataTypes.createArrayType(TYPE, false);

    private FaceReportStruct() {}

    /**
     * @param report what was done to a face
     * @return the struct of {@link #TYPE}
     */
    public static Row of(FaceReport report) {
        List<Object> landmarks = new ArrayList<>(report.landmarks().size());
        for (Point p : report.landmarks()) {
            landmarks.add(SparkValues.array(p.x(), p.y()));
        }
        return RowFactory.create(report.index(), SparkValues.array(report.box().x1(), report.box().y1(),
                report.box().x2(), report.box().y2()), SparkValues.array(landmarks), report.action(), report.asked(),
                report.reason(), report.seed().isPresent() ? report.seed().getAsLong() : null,
                report.audit().map(FaceReportStruct::identity).orElse(null),
                report.kept().map(FaceReportStruct::kept).orElse(null));
    }

    private static Row identity(IdentityAudit audit) {
        List<Row> tries = new ArrayList<>(audit.tries().size());
        for (IdentityTry t : audit.tries()) {
            tries.add(RowFactory.create(t.number(), t.seed().isPresent() ? t.seed().getAsLong() : null,
                    t.distance()));
        }
        return RowFactory.create(FaceReport.verdict(audit), orNull(audit.distance()), audit.threshold(),
                orNull(audit.distanceToIdentity()), audit.note().isEmpty() ? null : audit.note(),
                SparkValues.array(tries));
    }

    private static Row kept(GalleryMatch match) {
        return RowFactory.create(match.name(), match.distance());
    }

    private static Double orNull(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
