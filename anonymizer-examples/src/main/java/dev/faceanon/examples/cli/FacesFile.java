package dev.faceanon.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.faceanon.FaceAnonException;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Caller-supplied faces ({@code --faces FILE.json}), so that the diffusion part runs without the
 * detector. The file maps each image, by the name the batch reports it under (its file name, or
 * its path relative to a scanned directory) or by its path as given, to its faces:
 *
 * <pre>
 * {
 *   "group.jpg": [
 *     {"box": [x1, y1, x2, y2], "landmarks": [[x, y], ...], "score": 0.98}
 *   ],
 *   "empty-room.jpg": []
 * }
 * </pre>
 *
 * <p>Coordinates are pixels of the image as displayed (after its EXIF orientation). Landmarks are
 * 68 points (iBUG 300-W, as face-alignment's 2DFAN4 gives) or 5 (eye centres, nose tip, mouth
 * corners); {@code score} is optional (default 1). An image missing from the file is an error, not
 * an image without faces, so that a typo never lets a face through unprocessed.
 */
final class FacesFile {
    /** A faces file larger than this is refused before parsing. */
    static final long MAX_BYTES = 64L << 20;

    private final Path path;
    private final Map<String, List<Face>> faces;

    private FacesFile(Path path, Map<String, List<Face>> faces) {
        this.path = path;
        this.faces = faces;
    }

    /**
     * @param file the JSON file
     * @return the parsed faces
     * @throws FaceAnonException naming the file, the image and the face if anything is malformed
     */
    static FacesFile read(Path file) {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new FaceAnonException("faces file not found: " + file);
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new FaceAnonException("faces file larger than " + (MAX_BYTES >> 20) + " MB: " + file);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FaceAnonException("cannot read the faces file " + file + ": " + e.getMessage(), e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new FaceAnonException("faces file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new FaceAnonException("faces file " + file + " must be a JSON object mapping image names to"
                    + " lists of faces");
        }
        Map<String, List<Face>> faces = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            String where = file + ", image \"" + e.getKey() + "\"";
            if (!e.getValue().isJsonArray()) {
                throw new FaceAnonException(where + ": expected a list of faces");
            }
            List<Face> list = new ArrayList<>();
            JsonArray array = e.getValue().getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                list.add(face(array.get(i), where + ", face " + i));
            }
            faces.put(e.getKey(), List.copyOf(list));
        }
        return new FacesFile(file, faces);
    }

    /**
     * @param item an image of the batch
     * @return its faces
     * @throws FaceAnonException if the file does not list the image
     */
    List<Face> facesOf(BatchPlan.Item item) {
        List<Face> found = faces.get(item.name());
        if (found == null) {
            found = faces.get(item.input().toString().replace(item.input().getFileSystem().getSeparator(), "/"));
        }
        if (found == null) {
            throw new FaceAnonException("the faces file " + path + " does not list \"" + item.name() + "\"; add it"
                    + " (with [] if the image has no face)");
        }
        return found;
    }

    /**
     * Writes faces in the format {@link #read} reads.
     *
     * @param file the JSON file
     * @param faces faces by image name
     * @throws IOException if writing fails
     */
    static void write(Path file, Map<String, List<Face>> faces) throws IOException {
        JsonObject root = new JsonObject();
        for (Map.Entry<String, List<Face>> e : new java.util.TreeMap<>(faces).entrySet()) {
            JsonArray list = new JsonArray();
            for (Face f : e.getValue()) {
                JsonObject o = new JsonObject();
                o.add("box", pair(pair(new JsonArray(), f.box().x1(), f.box().y1()), f.box().x2(), f.box().y2()));
                JsonArray marks = new JsonArray();
                for (Point p : f.landmarks()) {
                    marks.add(pair(new JsonArray(), p.x(), p.y()));
                }
                o.add("landmarks", marks);
                o.addProperty("score", f.score());
                list.add(o);
            }
            root.add(e.getKey(), list);
        }
        Files.writeString(file, new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(root),
                StandardCharsets.UTF_8);
    }

    private static JsonArray pair(JsonArray a, double x, double y) {
        a.add(x);
        a.add(y);
        return a;
    }

    private static Face face(JsonElement element, String where) {
        if (!element.isJsonObject()) {
            throw new FaceAnonException(where + ": expected an object with box and landmarks");
        }
        JsonObject o = element.getAsJsonObject();
        double[] box = numbers(o.get("box"), 4, where + ", box");
        BoundingBox bounds;
        try {
            bounds = new BoundingBox(box[0], box[1], box[2], box[3]);
        } catch (IllegalArgumentException e) {
            throw new FaceAnonException(where + ", box: " + e.getMessage(), e);
        }
        JsonElement marks = o.get("landmarks");
        if (marks == null || !marks.isJsonArray()) {
            throw new FaceAnonException(where + ": \"landmarks\" must be a list of [x, y] points (68 or 5)");
        }
        JsonArray points = marks.getAsJsonArray();
        LandmarkScheme scheme = points.size() == 68 ? LandmarkScheme.IBUG_68
                : points.size() == 5 ? LandmarkScheme.FIVE_POINT : null;
        if (scheme == null) {
            throw new FaceAnonException(where + ": 68 or 5 landmarks expected, got " + points.size());
        }
        List<Point> landmarks = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            double[] xy = numbers(points.get(i), 2, where + ", landmark " + i);
            landmarks.add(new Point(xy[0], xy[1]));
        }
        double score = 1;
        if (o.has("score")) {
            score = numbers(wrap(o.get("score")), 1, where + ", score")[0];
        }
        try {
            return new Face(bounds, score, scheme, landmarks);
        } catch (IllegalArgumentException e) {
            throw new FaceAnonException(where + ": " + e.getMessage(), e);
        }
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
                throw new FaceAnonException(where + ": expected " + count + " numbers, got " + element);
            }
            out[i] = v.getAsDouble();
            if (!Double.isFinite(out[i])) {
                throw new FaceAnonException(where + ": not a finite number: " + v);
            }
        }
        return out;
    }
}
