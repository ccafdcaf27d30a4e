package dev.faceanon.batch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faceanon.FaceAnonException;
import dev.faceanon.djl.json.JsonTreeReader;
import dev.faceanon.djl.json.StrictJsonReader.Dialect;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Faces a caller supplies instead of the detector's, checked the same way whatever carries them (a
 * faces file, a JSON value, a Spark column): a box of four finite numbers with
 * {@code x1 <= x2, y1 <= y2}, 68 landmarks (iBUG 300-W, as face-alignment's 2DFAN4 gives) or 5
 * (eye centres, nose tip, mouth corners) of two finite numbers each, and an optional score in
 * [0, 1] (default 1). Every error names where the face came from and what is wrong.
 *
 * <p>The JSON form of one image's faces, as a faces file lists it:
 * <pre>
 * [ {"box": [x1, y1, x2, y2], "landmarks": [[x, y], ...], "score": 0.98} ]
 * </pre>
 */
public final class SuppliedFaces {
    /** JSON text of one image's faces larger than this is refused before parsing. */
    public static final int MAX_JSON_CHARS = 1 << 20;

    private SuppliedFaces() {}

    /**
     * @param json the JSON text of one image's faces, read strictly ({@link Dialect#HAND_WRITTEN}:
     *     no key twice, no comments, no non-finite numbers)
     * @param where where the text came from, for messages
     * @return the faces
     * @throws FaceAnonException naming {@code where} and the face if anything is malformed
     */
    public static List<Face> parse(String json, String where) {
        if (json.length() > MAX_JSON_CHARS) {
            throw new FaceAnonException(where + ": faces longer than " + MAX_JSON_CHARS + " characters");
        }
        JsonElement root = JsonTreeReader.parse(json.getBytes(StandardCharsets.UTF_8), Dialect.HAND_WRITTEN,
                description -> new FaceAnonException(where + " is not valid JSON: " + description),
                (key, description) -> new FaceAnonException(where + ": the key " + quoted(key) + " " + description));
        return fromJson(root, where);
    }

    /**
     * @param list a JSON list of faces
     * @param where where it came from, for messages
     * @return the faces
     * @throws FaceAnonException naming {@code where} and the face if anything is malformed
     */
    public static List<Face> fromJson(JsonElement list, String where) {
        if (!list.isJsonArray()) {
            throw new FaceAnonException(where + ": expected a list of faces");
        }
        JsonArray array = list.getAsJsonArray();
        List<Face> faces = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            faces.add(faceFromJson(array.get(i), where + ", face " + i));
        }
        return List.copyOf(faces);
    }

    private static Face faceFromJson(JsonElement element, String where) {
        if (!element.isJsonObject()) {
            throw new FaceAnonException(where + ": expected an object with box and landmarks");
        }
        JsonObject o = element.getAsJsonObject();
        double[] box = numbers(o.get("box"), 4, where + ", box");
        JsonElement marks = o.get("landmarks");
        if (marks == null || !marks.isJsonArray()) {
            throw new FaceAnonException(where + ": \"landmarks\" must be a list of [x, y] points (68 or 5)");
        }
        JsonArray points = marks.getAsJsonArray();
        scheme(points.size(), where);
        double[][] landmarks = new double[points.size()][];
        for (int i = 0; i < points.size(); i++) {
            landmarks[i] = numbers(points.get(i), 2, where + ", landmark " + i);
        }
        double score = o.has("score") ? numbers(wrap(o.get("score")), 1, where + ", score")[0] : 1;
        return face(box, landmarks, score, where);
    }

    /**
     * @param box {@code x1, y1, x2, y2}
     * @param landmarks 68 or 5 points, each {@code x, y}
     * @param score the detector's confidence in [0, 1]
     * @param where where the face came from, for messages
     * @return the face
     * @throws FaceAnonException naming {@code where} if any value is missing, not finite or out of
     *     range, or a count is wrong
     */
    public static Face face(double[] box, double[][] landmarks, double score, String where) {
        BoundingBox bounds;
        try {
            double[] b = finite(box, 4, where + ", box");
            bounds = new BoundingBox(b[0], b[1], b[2], b[3]);
        } catch (IllegalArgumentException e) {
            throw new FaceAnonException(where + ", box: " + e.getMessage(), e);
        }
        if (landmarks == null) {
            throw new FaceAnonException(where + ": \"landmarks\" must be a list of [x, y] points (68 or 5)");
        }
        LandmarkScheme scheme = scheme(landmarks.length, where);
        List<Point> points = new ArrayList<>(landmarks.length);
        for (int i = 0; i < landmarks.length; i++) {
            double[] xy = finite(landmarks[i], 2, where + ", landmark " + i);
            points.add(new Point(xy[0], xy[1]));
        }
        try {
            return new Face(bounds, score, scheme, points);
        } catch (IllegalArgumentException e) {
            throw new FaceAnonException(where + ": " + e.getMessage(), e);
        }
    }

    private static LandmarkScheme scheme(int count, String where) {
        if (count == LandmarkScheme.IBUG_68.count()) {
            return LandmarkScheme.IBUG_68;
        } else if (count == LandmarkScheme.FIVE_POINT.count()) {
            return LandmarkScheme.FIVE_POINT;
        }
        throw new FaceAnonException(where + ": 68 or 5 landmarks expected, got " + count);
    }

    private static double[] finite(double[] values, int count, String where) {
        if (values == null || values.length != count) {
            throw new FaceAnonException(where + ": expected " + count + " numbers");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new FaceAnonException(where + ": expected " + count + " finite numbers, got " + v);
            }
        }
        return values;
    }

    private static JsonArray wrap(JsonElement e) {
        JsonArray a = new JsonArray();
        a.add(e);
        return a;
    }

    private static double[] numbers(JsonElement element, int count, String where) {
        if (element == null || !element.isJsonArray() || element.getAsJsonArray().size() != count) {
            throw new FaceAnonException(where + ": expected " + count + " numbers");
        }
        double[] out = new double[count];
        JsonArray a = element.getAsJsonArray();
        for (int i = 0; i < count; i++) {
            JsonElement v = a.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                throw new FaceAnonException(where + ": expected " + count + " numbers, got "
                        + quoted(element.toString()));
            }
            // Finite: the hand-written dialect refuses NaN, Infinity and numbers beyond the range of a double.
            out[i] = v.getAsDouble();
        }
        return out;
    }

    /** A name or value from the input, for a message: escaped, shortened, in double quotes. */
    static String quoted(String text) {
        return UntrustedText.quote(text, '"');
    }
}
