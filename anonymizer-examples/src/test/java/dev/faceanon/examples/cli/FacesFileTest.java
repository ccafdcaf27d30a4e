package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --faces format: what it accepts and the messages for what it does not. */
class FacesFileTest {

    private static BatchPlan.Item item(String name) {
        return new BatchPlan.Item(Path.of("in", name), name, Path.of("out", name));
    }

    @Test
    void writtenFacesReadBackEqual(@TempDir Path dir) throws IOException {
        List<Face> faces = SamplePhoto.create().faces();
        Path file = dir.resolve("f.json");
        FacesFile.write(file, Map.of("photo.png", faces, "empty.png", List.of()));
        FacesFile read = FacesFile.read(file);
        assertEquals(faces, read.facesOf(item("photo.png")));
        assertEquals(List.of(), read.facesOf(item("empty.png")));
    }

    @Test
    void handWrittenSixtyEightPointFacesParse(@TempDir Path dir) throws IOException {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < 68; i++) {
            points.append(i == 0 ? "" : ",").append('[').append(i).append(", ").append(2 * i).append(']');
        }
        Path file = Files.writeString(dir.resolve("f.json"),
                "{\"sub/a.jpg\": [{\"box\": [1, 2, 30, 40], \"landmarks\": [" + points + "]}]}");
        Face f = FacesFile.read(file).facesOf(item("sub/a.jpg")).get(0);
        assertEquals(LandmarkScheme.IBUG_68, f.scheme());
        assertEquals(1.0, f.score());
        assertEquals(67, f.landmarks().get(67).x());
        assertEquals(134, f.landmarks().get(67).y());
    }

    @Test
    void anImageMissingFromTheFileIsAnErrorNotAnEmptyList(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f.json"), "{}");
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> FacesFile.read(file).facesOf(item("a.jpg")));
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
        BatchPlan.Item given = new BatchPlan.Item(Path.of("sub/a.jpg"), "a.jpg", Path.of("out/a.jpg"));
        BatchPlan.Item scanned = new BatchPlan.Item(Path.of("photos/sub/a.jpg"), "sub/a.jpg", Path.of("out/sub/a.jpg"));
        assertEquals(1, faces.facesOf(given).size());
        assertEquals(1, faces.facesOf(given).size(), "the same image may be looked up again");
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> faces.facesOf(scanned));
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
        BatchPlan.Item clip = new BatchPlan.Item(dir.resolve("clip.mp4"), "clip.mp4", dir.resolve("out/clip.mp4"));
        Map<Integer, List<Face>> frames = faces.framesOf(clip);
        assertEquals(3, frames.size());
        assertEquals(1, frames.get(0).size());
        assertEquals(0, frames.get(7).size());
        assertEquals(2, frames.get(12).size());
        FaceAnonException image = assertThrows(FaceAnonException.class, () -> faces.facesOf(clip));
        assertTrue(image.getMessage().contains("by frame, as a video"), image.getMessage());
        BatchPlan.Item png = new BatchPlan.Item(dir.resolve("a.png"), "a.png", dir.resolve("out/a.png"));
        assertTrue(assertThrows(FaceAnonException.class, () -> faces.framesOf(png)).getMessage()
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
