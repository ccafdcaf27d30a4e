package dev.faceanon.spark;

import java.util.List;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a job adds to each row of images, after the input's own:
 *
 * <ul>
 *   <li>{@value #OUTPUT} (binary): the result image, encoded in {@value #FORMAT}, without metadata;
 *       null when the row failed
 *   <li>{@value #FORMAT} (string): the format of {@value #OUTPUT}, an extension such as {@code png};
 *       null when the row failed
 *   <li>{@value #FACES} (array of {@link FaceReportStruct#TYPE}): what was done to each face, in
 *       processing order; empty when no face was found or the row failed
 *   <li>{@value #STATUS} (string): {@value #OK} (written, every face as asked), {@value #FALLBACK}
 *       (written, but some face fell back: redacted instead of anonymized, left unchanged instead of
 *       swapped, redacted over its box; or some output face still matches its input by the identity
 *       check: the command line's exit code 3) or {@value #FAILED} (nothing written)
 *   <li>{@value #ERROR} (string): why the row failed; null otherwise
 *   <li>{@value #DAMAGE} (array of strings): what the decoder reported about a damaged input that
 *       was processed as decoded ({@code acceptDamaged}); empty otherwise
 * </ul>
 */
public final class ResultColumns {
    /** The result image's bytes. */
    public static final String OUTPUT = "output";
    /** The result image's format. */
    public static final String FORMAT = "outputFormat";
    /** The per-face reports. */
    public static final String FACES = "faceReports";
    /** The row's status. */
    public static final String STATUS = "status";
    /** Why the row failed. */
    public static final String ERROR = "error";
    /** The decoder's damage reports. */
    public static final String DAMAGE = "damage";

    /** Status of a row written with every face processed as asked (or no face). */
    public static final String OK = "OK";
    /** Status of a row written with some face fallen back or still matching its input. */
    public static final String FALLBACK = "FALLBACK";
    /** Status of a row that could not be processed. */
    public static final String FAILED = "FAILED";

    private static final List<StructField> FIELDS = List.of(
            DataTypes.createStructField(OUTPUT, DataTypes.BinaryType, true),
            DataTypes.createStructField(FORMAT, DataTypes.StringType, true),
            DataTypes.createStructField(FACES, FaceReportStruct.ARRAY, false),
            DataTypes.createStructField(STATUS, DataTypes.StringType, false),
            DataTypes.createStructField(ERROR, DataTypes.StringType, true),
            DataTypes.createStructField(DAMAGE, DataTypes.createArrayType(DataTypes.StringType, false), false));

    private ResultColumns() {}

    /** @return how many columns a job adds */
    static int count() {
        return FIELDS.size();
    }

    /**
     * @param input the schema of the images
     * @param pathCol the column of their paths (string)
     * @param contentCol the column of their bytes (binary)
     * @param facesCol the column of their faces, or null
     * @return the schema of the results: the input's columns, then these
     * @throws IllegalArgumentException naming the column if one is missing or of the wrong type, or
     *     the input already has a column of these names
     */
    public static StructType outputSchema(StructType input, String pathCol, String contentCol, String facesCol) {
        require(input, pathCol, DataTypes.StringType, "the images' paths");
        require(input, contentCol, DataTypes.BinaryType, "the images' bytes");
        if (facesCol != null) {
            if (input.getFieldIndex(facesCol).isEmpty()) {
                throw new IllegalArgumentException("the faces column '" + facesCol + "' is missing; columns: "
                        + String.join(", ", input.fieldNames()));
            }
            FacesColumn.of(facesCol, input.apply(facesCol).dataType());
        }
        StructType out = input;
        for (StructField f : FIELDS) {
            if (input.getFieldIndex(f.name()).isDefined()) {
                throw new IllegalArgumentException("the images already have a column '" + f.name() + "', which the"
                        + " results add: rename or drop it first");
            }
            out = out.add(f);
        }
        return out;
    }

    private static void require(StructType input, String column, DataType type, String what) {
        if (input.getFieldIndex(column).isEmpty()) {
            throw new IllegalArgumentException("the column of " + what + ", '" + column + "', is missing (Spark's"
                    + " binaryFile source gives path and content); columns: " + String.join(", ", input.fieldNames()));
        }
        DataType actual = input.apply(column).dataType();
        boolean matches = type instanceof BinaryType ? actual instanceof BinaryType : actual instanceof StringType;
        if (!matches) {
            throw new IllegalArgumentException("the column of " + what + ", '" + column + "', must be "
                    + type.simpleString() + ", got " + actual.simpleString());
        }
    }
}
