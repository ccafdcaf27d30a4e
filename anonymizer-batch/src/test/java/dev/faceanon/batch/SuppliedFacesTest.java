package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faces from arrays (a Spark column) and from JSON text are checked alike, with the place named. */
class SuppliedFacesTest {
    private static final double[][] FIVE = {{1, 1}, {2, 1}, {1.5, 2}, {1, 3}, {2, 3}};

    @Test
    void arraysMakeTheFaceTheyDescribe() {
        Face f = SuppliedFaces.face(new double[] {0, 0, 9, 9}, FIVE, 0.5, "row 3");
        assertEquals(new BoundingBox(0, 0, 9, 9), f.box());
        assertEquals(LandmarkScheme.FIVE_POINT, f.scheme());
        assertEquals(new Point(1.5, 2), f.landmarks().get(2));
        assertEquals(0.5, f.score());
    }

    @Test
    void valuesNoJsonCouldHoldAreRefusedToo() {
        Object[][] cases = {
            {new double[] {0, 0, Double.NaN, 9}, FIVE, 1.0, "row 3, box: expected 4 finite numbers, got NaN"},
            {new double[] {0, 0, 9}, FIVE, 1.0, "row 3, box: expected 4 numbers"},
            {null, FIVE, 1.0, "row 3, box: expected 4 numbers"},
            {new double[] {9, 0, 0, 9}, FIVE, 1.0, "row 3, box: invalid box"},
            {new double[] {0, 0, 9, 9}, null, 1.0, "row 3: \"landmarks\" must be a list"},
            {new double[] {0, 0, 9, 9}, new double[][] {{1, 1}}, 1.0, "row 3: 68 or 5 landmarks expected, got 1"},
            {new double[] {0, 0, 9, 9}, new double[][] {{1, 1}, {2, 1}, {1.5, Double.POSITIVE_INFINITY}, {1, 3},
                {2, 3}}, 1.0, "row 3, landmark 2: expected 2 finite numbers, got Infinity"},
            {new double[] {0, 0, 9, 9}, new double[][] {{1, 1}, {2, 1}, null, {1, 3}, {2, 3}}, 1.0,
                "row 3, landmark 2: expected 2 numbers"},
            {new double[] {0, 0, 9, 9}, FIVE, Double.NaN, "row 3: score must be in [0, 1]"},
        };
        for (Object[] c : cases) {
            FaceAnonException e = assertThrows(FaceAnonException.class,
                    () -> SuppliedFaces.face((double[]) c[0], (double[][]) c[1], (double) c[2], "row 3"));
            assertTrue(e.getMessage().startsWith((String) c[3]), c[3] + " <- " + e.getMessage());
        }
    }

    @Test
    void jsonTextOfOneImageIsReadStrictly() {
        List<Face> faces = SuppliedFaces.parse("[{\"box\": [0, 0, 9, 9], \"landmarks\": "
                + "[[1,1],[2,1],[1.5,2],[1,3],[2,3]]}]", "identityFaces");
        assertEquals(1, faces.size());
        assertEquals(1.0, faces.get(0).score());
        assertEquals(List.of(), SuppliedFaces.parse(" [] ", "x"));
        String[][] cases = {
            {"{}", "identityFaces: expected a list of faces"},
            {"[{\"box\": [0, 0, 9, 9], \"box\": [0, 0, 9, 9]}]", "the key"},
            {"[1]", "identityFaces, face 0: expected an object with box and landmarks"},
            {"[", "identityFaces is not valid JSON"},
        };
        for (String[] c : cases) {
            FaceAnonException e = assertThrows(FaceAnonException.class, () -> SuppliedFaces.parse(c[0],
                    "identityFaces"));
            assertTrue(e.getMessage().startsWith(c[1]) || e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
        assertTrue(assertThrows(FaceAnonException.class, () -> SuppliedFaces.parse(" ".repeat(
                SuppliedFaces.MAX_JSON_CHARS + 1), "x")).getMessage().contains("longer than"));
    }
}
