package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --faces format: what it accepts and the messages for what it does not. */
class FacesFileTest {

    /** The faces of an image of the batch named {@code name}, scanned from the directory "in". */
    private static List<Face> facesOf(FacesFile file, String name) {
        return file.facesOf(name, Path.of("in", name));
    }

    /** Two five-point faces with fractional coordinates. */
    static List<Face> twoFaces() {
        return List.of(new Face(new BoundingBox(10.5, 20, 60, 80.25), 0.9, LandmarkScheme.FIVE_POINT, List.of(
                new Point(25, 40), new Point(45, 40.5), new Point(35, 52), new Point(27, 65), new Point(43, 65))),
                new Face(new BoundingBox(100, 20, 140, 70), 1, LandmarkScheme.FIVE_POINT, List.of(
                        new Point(110, 35), new Point(130, 35), new Point(120, 45), new Point(112, 58),
                        new Point(128, 58))));
    }

    @Test
    void writtenFacesReadBackEqual(@TempDir Path dir) throws IOException {
        List<Face> faces = twoFaces();
        Path file = dir.resolve("f.json");
        FacesFile.write(file, Map.of("photo.png", faces, "empty.png", List.of()));
        FacesFile read = FacesFile.read(file);
        assertEquals(faces, facesOf(read, "photo.png"));
        assertEquals(List.of(), facesOf(read, "empty.png"));
    }

    @Test
    void handWrittenSixtyEightPointFacesParse(@TempDir Path dir) throws IOException {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < 68; i++) {
            points.append(i == 0 ? "" : ",").append('[').append(i).append(", ").append(2 * i).append(']');
        }
        Path file = Files.writeString(dir.resolve("f.json"),
                "{\"sub/a.jpg\": [{\"box\": [1, 2, 30, 40], \"landmarks\": [" + points + "]}]}");
        Face f = facesOf(FacesFile.read(file), "sub/a.jpg").get(0);
        assertEquals(LandmarkScheme.IBUG_68, f.scheme());
        assertEquals(1.0, f.score());
        assertEquals(67, f.landmarks().get(67).x());
        assertEquals(134, f.landmarks().get(67).y());
    }

    @Test
    void anImageMissingFromTheFileIsAnErrorNotAnEmptyList(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f.json"), "{}");
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> facesOf(FacesFile.read(file), "a.jpg"));
        assertTrue(e.getMessage().contains("does not list \"a.jpg\""), e.getMessage());
    }

    @Test
    void malformedFilesAreNamedPrecisely(@TempDir Path dir) throws IOException {
        String five = "[[1,1],[2,1],[1.5,2],[1,3],[2,3]]";
        String[][] cases = {
            {"[1, 2]", "must be a JSON object"},
            {"{\"a.jpg\": [", "ends before it is complete"},
            {"{\"a.jpg\": {}}", "image \"a.jpg\": expected a list of faces"},
            {"{\"a.jpg\": [{\"box\": [1, 2, 3], \"landmarks\": " + five + "}]}", "face 0, box: expected 4 numbers"},
            {"{\"a.jpg\": [{\"box\": [5, 5, 1, 1], \"landmarks\": " + five + "}]}", "face 0, box: invalid box"},
            {"{\"a.jpg\": [{\"box\": [0, 0, 9, 9], \"landmarks\": [[1, 2]]}]}", "68 or 5 landmarks expected, got 1"},
            {"{\"a.jpg\": [{\"box\": [0, 0, 9, 9], \"landmarks\": [[1,1],[2,1],[1.5,\"x\"],[1,3],[2,3]]}]}",
                "landmark 2: expected 2 numbers"},
            {"{\"a.jpg\": [{\"box\": [0, 0, 1e400, 9], \"landmarks\": " + five + "}]}", "not a finite number"},
            {"{\"a.jpg\": [{\"box\": [0, 0, 9, 9], \"landmarks\": " + five + ", \"score\": 2}]}", "score must be in"},
        };
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("f.json"), c[0]);
            FaceAnonException e = assertThrows(FaceAnonException.class, () -> FacesFile.read(file), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
        assertTrue(assertThrows(FaceAnonException.class, () -> FacesFile.read(dir.resolve("none.json"))).getMessage()
                .startsWith("faces file not found"));
    }

    @Test
    void oneEntryNeverServesTwoDifferentImages(@TempDir Path dir) throws IOException {
        String five = "[[1,1],[2,1],[1.5,2],[1,3],[2,3]]";
        Path file = Files.writeString(dir.resolve("f.json"),
                "{\"sub/a.jpg\": [{\"box\": [0, 0, 9, 9], \"landmarks\": " + five + "}]}");
        FacesFile faces = FacesFile.read(file);
        // ./sub/a.jpg given as a file (named a.jpg) and photos/sub/a.jpg found in the directory photos:
        // both match the entry "sub/a.jpg", but they are different images.
        assertEquals(1, faces.facesOf("a.jpg", Path.of("sub/a.jpg")).size());
        assertEquals(1, faces.facesOf("a.jpg", Path.of("sub/a.jpg")).size(), "the same image may be looked up again");
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> faces.facesOf("sub/a.jpg",
                Path.of("photos/sub/a.jpg")));
        assertTrue(e.getMessage().contains("\"sub/a.jpg\" matches two different images"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void keysAreComparedAsPathsNotAsText() {
        assertEquals("sub/a.png", FacesFile.imageKey("sub/./a.png"));
        assertEquals("sub/a.png", FacesFile.imageKey("./sub//a.png/"));
        assertEquals("sub/a.png", FacesFile.imageKey("sub\\a.png"));
        assertEquals("/abs/a.png", FacesFile.imageKey("//abs/./a.png"));
        // ".." is kept: through a symbolic link it need not lead back where it came from.
        assertEquals("x/../a.png", FacesFile.imageKey("x/../a.png"));
        assertEquals("A.png", FacesFile.imageKey("A.png"));
    }

    @Test
    void aVideoMapsFrameNumbersToFacesAndIsNotTakenForAnImage(@TempDir Path dir) throws IOException {
        String face = "{\"box\": [0, 0, 9, 9], \"landmarks\": [[1,1],[2,1],[1.5,2],[1,3],[2,3]]}";
        Path file = Files.writeString(dir.resolve("f.json"), "{\"clip.mp4\": {\"0\": [" + face + "], \"7\": [],"
                + " \"12\": [" + face + ", " + face + "]}, \"a.png\": []}");
        FacesFile faces = FacesFile.read(file);
        Path clip = dir.resolve("clip.mp4");
        Map<Integer, List<Face>> frames = faces.framesOf("clip.mp4", clip);
        assertEquals(3, frames.size());
        assertEquals(1, frames.get(0).size());
        assertEquals(0, frames.get(7).size());
        assertEquals(2, frames.get(12).size());
        FaceAnonException image = assertThrows(FaceAnonException.class, () -> faces.facesOf("clip.mp4", clip));
        assertTrue(image.getMessage().contains("by frame, as a video"), image.getMessage());
        assertTrue(assertThrows(FaceAnonException.class, () -> faces.framesOf("a.png", dir.resolve("a.png")))
                .getMessage()
                .contains("a video needs an object"));

        for (String key : new String[] {"-1", "01", "x", "1.5", "１", "9999999999"}) {
            Path bad = Files.writeString(dir.resolve("bad.json"), "{\"clip.mp4\": {\"" + key + "\": []}}");
            FaceAnonException e = assertThrows(FaceAnonException.class, () -> FacesFile.read(bad), key);
            assertTrue(e.getMessage().contains("is not a frame number"), e.getMessage());
        }
        Path list = Files.writeString(dir.resolve("list.json"), "{\"clip.mp4\": {\"3\": {}}}");
        assertTrue(assertThrows(FaceAnonException.class, () -> FacesFile.read(list)).getMessage()
                .contains("frame 3: expected a list of faces"));
    }
}
