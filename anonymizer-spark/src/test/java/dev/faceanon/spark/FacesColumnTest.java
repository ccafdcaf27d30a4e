package dev.faceanon.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The faces column holds what a faces file holds for one image, checked the same way. */
class FacesColumnTest {
    private static final FacesColumn STRUCTS = FacesColumn.of("faces", FacesColumn.TYPE);

    private static Object face(double[] box, double[]... points) {
        Object[] marks = new Object[points.length];
        for (int i = 0; i < points.length; i++) {
            marks[i] = points[i] == null ? null : SparkValues.array(points[i]);
        }
        return RowFactory.create(SparkValues.array(box), SparkValues.array(java.util.Arrays.asList(marks)), null);
    }

    private static final double[][] FIVE = {{1, 1}, {2, 1}, {1.5, 2}, {1, 3}, {2, 3}};

    @Test
    void structsAndJsonGiveTheSameFaces() {
        List<Face> fromStructs = STRUCTS.read(SparkValues.array(List.of(face(new double[] {0, 0, 9, 9}, FIVE))), "x");
        List<Face> fromJson = FacesColumn.of("faces", DataTypes.StringType).read(
                "[{\"box\": [0, 0, 9, 9], \"landmarks\": [[1,1],[2,1],[1.5,2],[1,3],[2,3]]}]", "x");
        assertEquals(fromJson, fromStructs);
        assertEquals(new BoundingBox(0, 0, 9, 9), fromStructs.get(0).box());
        assertEquals(1.0, fromStructs.get(0).score(), "no score: 1");
        assertEquals(FacesColumn.value(fromStructs).toString(), SparkValues.array(List.of(RowFactory.create(
                SparkValues.array(0, 0, 9, 9), SparkValues.array(List.of(SparkValues.array(1, 1), SparkValues.array(2, 1),
                        SparkValues.array(1.5, 2), SparkValues.array(1, 3), SparkValues.array(2, 3))), 1.0))).toString());
        assertEquals(List.of(), STRUCTS.read(SparkValues.array(List.of()), "x"), "an image without faces");
    }

    @Test
    void missingAndMalformedFacesFailTheirImageWithThePlaceNamed() {
        String[][] cases = {
            {"null", "gives no faces for \"a.jpg\" (null): give [] for an image without faces"},
            {"nan", "the faces of \"a.jpg\", face 0, box: expected 4 finite numbers, got NaN"},
            {"null point", "the faces of \"a.jpg\", face 0, landmark 2: expected 2 numbers"},
            {"three points", "the faces of \"a.jpg\", face 0: 68 or 5 landmarks expected, got 3"},
            {"null face", "the faces of \"a.jpg\", face 0: expected an object with box and landmarks"},
        };
        Object[] values = {
            null,
            SparkValues.array(List.of(face(new double[] {0, 0, Double.NaN, 9}, FIVE))),
            SparkValues.array(List.of(face(new double[] {0, 0, 9, 9}, FIVE[0], FIVE[1], null, FIVE[3], FIVE[4]))),
            SparkValues.array(List.of(face(new double[] {0, 0, 9, 9}, FIVE[0], FIVE[1], FIVE[2]))),
            SparkValues.array(java.util.Arrays.asList((Object) null)),
        };
        for (int i = 0; i < cases.length; i++) {
            Object value = values[i];
            FaceAnonException e = assertThrows(FaceAnonException.class, () -> STRUCTS.read(value, "\"a.jpg\""),
                    cases[i][0]);
            assertTrue(e.getMessage().contains(cases[i][1]), cases[i][0] + ": " + e.getMessage());
        }
    }

    @Test
    void otherColumnTypesAreRefusedByName() {
        StructType noLandmarks = new StructType().add("box", DataTypes.createArrayType(DataTypes.DoubleType));
        for (var type : new org.apache.spark.sql.types.DataType[] {DataTypes.IntegerType,
            DataTypes.createArrayType(noLandmarks), DataTypes.createArrayType(DataTypes.DoubleType)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FacesColumn.of("f", type));
            assertTrue(e.getMessage().startsWith("the faces column 'f' must be a JSON string or array<struct<box"),
                    e.getMessage());
        }
        // Float coordinates and integer scores are numbers too.
        StructType floats = new StructType().add("box", DataTypes.createArrayType(DataTypes.FloatType))
                .add("landmarks", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)))
                .add("score", DataTypes.IntegerType);
        FacesColumn.of("f", DataTypes.createArrayType(floats));
    }
}
