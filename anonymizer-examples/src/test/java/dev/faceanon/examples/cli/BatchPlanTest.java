package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each input's result goes, and the conflicts refused before any work. */
class BatchPlanTest {

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {0});
    }

    @Test
    void directoriesAreScannedRecursivelyKeepingRelativeNames(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("in");
        touch(in.resolve("b.jpg"));
        touch(in.resolve("a.PNG"));
        touch(in.resolve("sub/c.jpeg"));
        touch(in.resolve("notes.txt"));
        touch(in.resolve(".hidden.jpg"));
        touch(in.resolve(".thumbnails/d.jpg"));
        Path out = dir.resolve("out");
        BatchPlan plan = BatchPlan.of(List.of(in), out, null);
        assertEquals(List.of("a.PNG", "b.jpg", "sub/c.jpeg"), plan.items().stream().map(BatchPlan.Item::name).toList());
        assertEquals(out.toAbsolutePath().resolve("sub/c.jpeg"), plan.items().get(2).output());
    }

    @Test
    void aSingleFileMayNameItsOutputFile(@TempDir Path dir) throws IOException {
        Path in = touch(dir.resolve("photo.jpg"));
        assertEquals(dir.resolve("x.png").toAbsolutePath(),
                BatchPlan.of(List.of(in), dir.resolve("x.png"), null).items().get(0).output());
        assertEquals(dir.resolve("res/photo.jpg").toAbsolutePath(),
                BatchPlan.of(List.of(in), dir.resolve("res"), null).items().get(0).output());
        assertEquals(dir.resolve("res/photo.png").toAbsolutePath(),
                BatchPlan.of(List.of(in), dir.resolve("res"), "png").items().get(0).output());
        // A directory name with a dot is still a directory.
        assertEquals(dir.resolve("run.2026/photo.jpg").toAbsolutePath(),
                BatchPlan.of(List.of(in), dir.resolve("run.2026"), null).items().get(0).output());
    }

    @Test
    void outputsInsideAScannedDirectoryAreNotInputs(@TempDir Path dir) throws IOException {
        touch(dir.resolve("a.jpg"));
        touch(dir.resolve("out/a.jpg"));
        BatchPlan plan = BatchPlan.of(List.of(dir), dir.resolve("out"), null);
        assertEquals(List.of("a.jpg"), plan.items().stream().map(BatchPlan.Item::name).toList());
    }

    @Test
    void anInputIsNeverAnOutput(@TempDir Path dir) throws IOException {
        Path in = touch(dir.resolve("a.jpg"));
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> BatchPlan.of(List.of(in), in, null));
        assertTrue(e.getMessage().startsWith("refusing to overwrite the input"), e.getMessage());
        e = assertThrows(FaceAnonException.class, () -> BatchPlan.of(List.of(in), dir, null));
        assertTrue(e.getMessage().startsWith("refusing to overwrite the input"), e.getMessage());
    }

    @Test
    void twoInputsWithOneOutputAreRefused(@TempDir Path dir) throws IOException {
        Path a = touch(dir.resolve("x/p.jpg"));
        Path b = touch(dir.resolve("y/p.jpg"));
        FaceAnonException e = assertThrows(FaceAnonException.class,
                () -> BatchPlan.of(List.of(a, b), dir.resolve("out"), null));
        assertTrue(e.getMessage().contains("would both be written to"), e.getMessage());
    }

    @Test
    void missingInputsAndEmptyDirectoriesAreNamed(@TempDir Path dir) throws IOException {
        assertTrue(assertThrows(FaceAnonException.class, () -> BatchPlan.of(List.of(dir.resolve("nope.jpg")),
                dir.resolve("o"), null)).getMessage().startsWith("input not found"));
        Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(FaceAnonException.class, () -> BatchPlan.of(List.of(dir.resolve("empty")),
                dir.resolve("o"), null)).getMessage().startsWith("no images"));
        touch(dir.resolve("d/a.jpg"));
        assertTrue(assertThrows(FaceAnonException.class, () -> BatchPlan.of(List.of(dir.resolve("d")),
                dir.resolve("o.jpg"), null)).getMessage().contains("-o names a directory"));
    }
}
