package dev.faceanon.batch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faceanon.FaceAnonException;
import dev.faceanon.djl.json.BoundedFileReader;
import dev.faceanon.djl.json.JsonTreeReader;
import dev.faceanon.djl.json.StrictJsonReader.Dialect;
import dev.faceanon.face.Face;
import dev.faceanon.face.Point;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

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
 * <p>A video's entry maps frame numbers (from 0, as decimal strings) to the faces found in that
 * frame; a frame not listed has no face found in it, and the tracker still covers the faces it
 * follows there:
 *
 * <pre>
 * {
 *   "street.mp4": {"0": [{"box": [...], "landmarks": [...]}], "1": [...], "5": []}
 * }
 * </pre>
 *
 * <p>Coordinates are pixels of the image as displayed (after its EXIF orientation; for videos, of
 * the upright frame). Landmarks are
 * 68 points (iBUG 300-W, as face-alignment's 2DFAN4 gives) or 5 (eye centres, nose tip, mouth
 * corners); {@code score} is optional (default 1). An image missing from the file is an error, not
 * an image without faces, so that a typo never lets a face through unprocessed. For the same
 * reason the file is read strictly ({@link Dialect#HAND_WRITTEN}): a key twice in an object, two
 * keys that name the same image ({@link #imageKey}), comments or non-finite numbers are errors,
 * not a last entry that wins; every error names the file and says what is wrong and where (line
 * and column).
 */
public final class FacesFile {
    /** A faces file larger than this is refused before parsing. */
    public static final long MAX_BYTES = 64L << 20;

    /** Most frame numbers accepted: the tracker counts frames in an {@code int}. */
    private static final int MAX_FRAME_DIGITS = 9;

    /**
     * An image's or a video's entry.
     *
     * @param key the name as written in the file
     * @param faces an image's faces; null for a video
     * @param frames a video's faces by frame; null for an image
     */
    private record Entry(String key, List<Face> faces, Map<Integer, List<Face>> frames) {}

    private final Path path;
    /** Entries by {@link #imageKey}. */
    private final Map<String, Entry> entries;
    /** Which image (absolute input path) each entry was used for, so that no entry serves two images. */
    private final Map<String, Path> usedBy = new HashMap<>();

    private FacesFile(Path path, Map<String, Entry> entries) {
        this.path = path;
        this.entries = entries;
    }

    /**
     * @param file the JSON file
     * @return the parsed faces
     * @throws FaceAnonException naming the file, and the position, image, face or key if anything is
     *     malformed, a key appears twice in an object, or two keys name the same image
     */
    public static FacesFile read(Path file) {
        JsonElement root = JsonTreeReader.parse(bytes(file), Dialect.HAND_WRITTEN,
                description -> new FaceAnonException("faces file " + file + " is not valid JSON: " + description),
                (key, description) -> new FaceAnonException("faces file " + file + ": the key " + quoted(key) + " "
                        + description));
        if (!root.isJsonObject()) {
            throw new FaceAnonException("faces file " + file + " must be a JSON object mapping image names to"
                    + " lists of faces");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            String where = file + ", image " + quoted(e.getKey());
            Entry entry;
            if (e.getValue().isJsonObject() && VideoFormats.namesVideo(e.getKey())) {
                Map<Integer, List<Face>> frames = new HashMap<>();
                for (Map.Entry<String, JsonElement> frame : e.getValue().getAsJsonObject().entrySet()) {
                    String key = frame.getKey();
                    if (key.isEmpty() || key.length() > MAX_FRAME_DIGITS
                            || !key.chars().allMatch(c -> c >= '0' && c <= '9')
                            || key.length() > 1 && key.startsWith("0")) {
                        throw new FaceAnonException(where + ": " + quoted(key) + " is not a frame number (0, 1, 2,"
                                + " ... without leading zeros)");
                    }
                    frames.put(Integer.parseInt(key),
                            SuppliedFaces.fromJson(frame.getValue(), where + ", frame " + key));
                }
                entry = new Entry(e.getKey(), null, Map.copyOf(frames));
            } else {
                entry = new Entry(e.getKey(), SuppliedFaces.fromJson(e.getValue(), where), null);
            }
            Entry other = entries.putIfAbsent(imageKey(e.getKey()), entry);
            if (other != null) {
                throw new FaceAnonException("faces file " + file + " lists the same image twice, as "
                        + quoted(other.key()) + " and as " + quoted(e.getKey())
                        + "; list each image once");
            }
        }
        return new FacesFile(file, entries);
    }

    private static byte[] bytes(Path file) {
        if (Files.isDirectory(file) || (Files.exists(file) && !Files.isRegularFile(file))) {
            throw new FaceAnonException("faces file " + file + " is not a file");
        } else if (!Files.exists(file)) {
            throw new FaceAnonException("faces file not found: " + file);
        }
        try {
            return BoundedFileReader.read(file, MAX_BYTES, size -> new FaceAnonException("faces file " + file
                    + " is larger than " + (MAX_BYTES >> 20) + " MB"));
        } catch (IOException e) {
            throw new FaceAnonException("cannot read the faces file " + file + ": " + IoProblem.describe(e), e);
        }
    }

    /**
     * @return every image's faces by its name in {@link #imageKey} form, in the file's order; a
     *     video's entry (faces by frame) is not an image's and is left out
     */
    public Map<String, List<Face>> byName() {
        Map<String, List<Face>> out = new LinkedHashMap<>();
        entries.forEach((key, entry) -> {
            if (entry.faces() != null) {
                out.put(key, entry.faces());
            }
        });
        return out;
    }

    /**
     * The name under which an image is compared: names that denote the same file in every file
     * system are equal. Backslashes are separators (files written on Windows), empty and "."
     * segments are dropped. ".." is kept: through a symbolic link it need not lead back.
     *
     * @param name a key of the file, an image's name or path
     * @return the name in that form
     */
    public static String imageKey(String name) {
        String slashes = name.replace('\\', '/');
        StringJoiner key = new StringJoiner("/", slashes.startsWith("/") ? "/" : "", "");
        for (String part : slashes.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                key.add(part);
            }
        }
        return key.toString();
    }

    /**
     * The faces of an image listed under its name in the batch or its path as given. An image
     * listed under both, or an entry that two different images would use, is an error rather than
     * a guess: either could give an image the faces of another and leave its own untouched.
     *
     * @param name the name that identifies the image in the batch (its file name, or its path
     *     relative to a scanned directory)
     * @param input the image file, as given
     * @return its faces
     * @throws FaceAnonException if the file does not list the image, lists it twice, or its entry
     *     was already used for another image
     */
    public List<Face> facesOf(String name, Path input) {
        Entry e = entryOf(name, input);
        if (e.faces() == null) {
            throw new FaceAnonException("the faces file " + path + " lists " + quoted(name) + " by frame, as a"
                    + " video; an image needs a list of faces");
        }
        return e.faces();
    }

    /**
     * The faces of a video by frame, found as {@link #facesOf} finds an image's.
     *
     * @param name the name that identifies the video in the batch
     * @param input the video file, as given
     * @return its faces by frame number
     * @throws FaceAnonException as {@link #facesOf}, or if the entry is a list (an image's)
     */
    public Map<Integer, List<Face>> framesOf(String name, Path input) {
        Entry e = entryOf(name, input);
        if (e.frames() == null) {
            throw new FaceAnonException("the faces file " + path + " lists " + quoted(name) + " as an image"
                    + " (a list of faces); a video needs an object that maps frame numbers to faces, e.g."
                    + " {\"0\": [...], \"1\": [...]}");
        }
        return e.frames();
    }

    private synchronized Entry entryOf(String name, Path input) {
        Set<String> keys = new LinkedHashSet<>(List.of(imageKey(name), imageKey(input.toString())));
        keys.retainAll(entries.keySet());
        List<Entry> found = keys.stream().map(entries::get).toList();
        if (found.isEmpty()) {
            throw new FaceAnonException("the faces file " + path + " does not list " + quoted(name)
                    + "; add it (with [] if the image has no face)");
        } else if (found.size() > 1) {
            throw new FaceAnonException("the faces file " + path + " lists this image twice, as "
                    + quoted(found.get(0).key()) + " and as " + quoted(found.get(1).key())
                    + "; keep one");
        }
        Path image = input.toAbsolutePath().normalize();
        Path other = usedBy.putIfAbsent(keys.iterator().next(), image);
        if (other != null && !sameFile(other, image)) {
            throw new FaceAnonException("the faces file " + path + " entry " + quoted(found.get(0).key())
                    + " matches two different images, " + other + " and " + image + "; name each by a path that"
                    + " tells them apart");
        }
        return found.get(0);
    }

    /** A name from the file or the disk, for a message: escaped, shortened, in double quotes. */
    private static String quoted(String name) {
        return SuppliedFaces.quoted(name);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return a.equals(b) || Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes faces in the format {@link #read} reads.
     *
     * @param file the JSON file
     * @param faces faces by image name
     * @throws IOException if writing fails
     */
    public static void write(Path file, Map<String, List<Face>> faces) throws IOException {
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
    }}
