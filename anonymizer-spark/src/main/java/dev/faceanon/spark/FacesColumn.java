package dev.faceanon.spark;

import dev.faceanon.FaceAnonException;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.SuppliedFaces;
import dev.faceanon.face.Face;
import dev.faceanon.face.Point;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * The caller's faces of each image, in place of the detector's: a column holding, for each row, the
 * structure a faces file gives one image ({@code --faces} of the command line), either as Spark
 * values of {@link #TYPE}, an array of structs {@code box: array<double>} (x1, y1, x2, y2),
 * {@code landmarks: array<array<double>>} (68 or 5 points [x, y]) and optional {@code score: double}
 * (default 1), or as the JSON text of that list. The values are checked as the command line checks
 * a faces file ({@link SuppliedFaces}). An empty array means an image without faces; null means the
 * image is not listed, which fails its row, so that a missing entry never lets a face through
 * unprocessed.
 */
public final class FacesColumn implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The Spark type of the faces of one image. */
    public static final ArrayType TYPE = DataTypes.createArrayType(new StructType()
            .add("box", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("landmarks", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), false),
                    false)
            .add("score", DataTypes.DoubleType, true), false);

    /** Positions of the fields in a face's struct; -1 for JSON text, and for a struct without a score. */
    private final int box;
    private final int landmarks;
    private final int score;

    private FacesColumn(int box, int landmarks, int score) {
        this.box = box;
        this.landmarks = landmarks;
        this.score = score;
    }

    /**
     * @param column the column's name, for messages
     * @param type its type
     * @return the reader of its values
     * @throws IllegalArgumentException naming the column if it is neither a string nor an array of
     *     structs with {@code box} and {@code landmarks} arrays and an optional numeric {@code score}
     */
    static FacesColumn of(String column, DataType type) {
        if (type instanceof StringType) {
            return new FacesColumn(-1, -1, -1);
        }
        if (type instanceof ArrayType array && array.elementType() instanceof StructType face
                && face.getFieldIndex("box").isDefined() && face.getFieldIndex("landmarks").isDefined()
                && face.apply("box").dataType() instanceof ArrayType
                && face.apply("landmarks").dataType() instanceof ArrayType
                && (face.getFieldIndex("score").isEmpty()
                        || face.apply("score").dataType() instanceof org.apache.spark.sql.types.NumericType)) {
            return new FacesColumn(face.fieldIndex("box"), face.fieldIndex("landmarks"),
                    face.getFieldIndex("score").isDefined() ? face.fieldIndex("score") : -1);
        }
        throw new IllegalArgumentException("the faces column '" + column + "' must be a JSON string or "
                + TYPE.simpleString() + ", got " + type.simpleString());
    }

    /**
     * @param value the column's value in one row
     * @param where the image, for messages
     * @return the faces
     * @throws FaceAnonException naming the image and the face if the value is null or malformed
     */
    List<Face> read(Object value, String where) {
        if (value == null) {
            throw new FaceAnonException("the faces column gives no faces for " + where + " (null): give [] for an"
                    + " image without faces");
        }
        if (value instanceof String json) {
            return SuppliedFaces.parse(json, "the faces of " + where);
        }
        List<Row> rows = SparkValues.list(value, "the faces of " + where);
        List<Face> faces = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String face = "the faces of " + where + ", face " + i;
            Row row = rows.get(i);
            if (row == null) {
                throw new FaceAnonException(face + ": expected an object with box and landmarks");
            }
            List<Object> marks = row.isNullAt(landmarks) ? null : SparkValues.list(row.get(landmarks), face);
            faces.add(SuppliedFaces.face(numbers(row.get(box)),
                    marks == null ? null : marks.stream().map(FacesColumn::numbers).toArray(double[][]::new),
                    score < 0 || row.isNullAt(score) ? 1 : ((Number) row.get(score)).doubleValue(), face));
        }
        return List.copyOf(faces);
    }

    /**
     * The faces a faces file lists, as a column: for each row, the faces of the image the path
     * names, by its name under the image root ({@link ImageNames}); null (a failed row) for an
     * image the file does not list. The file is read strictly on the driver, as the command line
     * reads it, and travels with the tasks (at most {@link FacesFile#MAX_BYTES}).
     *
     * @param facesFile the faces file, on the driver
     * @param imageRoot the directory the images were read from
     * @param path the column of the images' paths
     * @return the column, of {@link #TYPE}
     * @throws FaceAnonException naming the file if it is missing or malformed
     */
    public static Column fromFile(Path facesFile, String imageRoot, Column path) {
        Map<String, Object> byName = new HashMap<>();
        FacesFile.read(facesFile).byName().forEach((name, faces) -> byName.put(name, value(faces)));
        ImageNames names = new ImageNames(imageRoot);
        UDF1<String, Object> lookup = p -> {
            try {
                return byName.get(FacesFile.imageKey(names.nameOf(p)));
            } catch (FaceAnonException e) {
                return null;
            }
        };
        UserDefinedFunction udf = functions.udf(lookup, TYPE);
        return udf.apply(path);
    }

    /** @return the faces as a value of {@link #TYPE} */
    static Object value(List<Face> faces) {
        List<Row> rows = new ArrayList<>(faces.size());
        for (Face f : faces) {
            List<Object> landmarks = new ArrayList<>(f.landmarks().size());
            for (Point p : f.landmarks()) {
                landmarks.add(SparkValues.array(p.x(), p.y()));
            }
            rows.add(RowFactory.create(SparkValues.array(f.box().x1(), f.box().y1(), f.box().x2(), f.box().y2()),
                    SparkValues.array(landmarks), f.score()));
        }
        return SparkValues.array(rows);
    }

    private static double[] numbers(Object value) {
        if (value == null) {
            return null;
        }
        List<Object> list = SparkValues.list(value, "a box or point");
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            // A null element is not a coordinate: NaN is refused by the checks with the place named.
            out[i] = list.get(i) instanceof Number n ? n.doubleValue() : Double.NaN;
        }
        return out;
    }
}
