package dev.faceanon.spark;

import dev.faceanon.batch.FaceReport;
import dev.faceanon.face.Point;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The per-face struct of the results: one {@link FaceReport}, field for field, so that a field the
 * reports gain is added here, in {@link #TYPE} and {@link #of}, and nowhere else.
 */
public final class FaceReportStruct {
    /** One face: what the command line's JSON report says of it, plus its landmarks. */
    public static final StructType TYPE = new StructType()
            .add("index", DataTypes.IntegerType, false)
            .add("box", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("landmarks", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), false),
                    false)
            .add("action", DataTypes.StringType, false)
            .add("asked", DataTypes.BooleanType, false)
            .add("reason", DataTypes.StringType, false)
            .add("seed", DataTypes.LongType, true);

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
                report.reason(), report.seed().isPresent() ? report.seed().getAsLong() : null);
    }
}
