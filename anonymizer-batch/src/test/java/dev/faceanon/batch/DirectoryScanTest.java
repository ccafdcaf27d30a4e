package dev.faceanon.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries the file system refuses during a scan. Permissions cannot be withheld from root, which
 * runs these tests in some containers, and a file vanishing between the listing of its directory
 * and the reading of its attributes cannot be timed; so the failures the walker reports are handed
 * to the scan directly, as the walker would.
 */
class DirectoryScanTest {

    @Test
    void unreadableAndVanishedEntriesAreSkippedAndTheScanGoesOn(@TempDir Path dir) throws IOException {
        ImageFiles.write(TestImages.pattern(4, 4), dir.resolve("a.png"));
        DirectoryScan scan = new DirectoryScan(dir, dir.resolve("out").toAbsolutePath());

        assertEquals(FileVisitResult.CONTINUE, scan.visitFileFailed(dir.resolve("private"),
                new AccessDeniedException(dir.resolve("private").toString())));
        assertEquals(FileVisitResult.CONTINUE, scan.visitFileFailed(dir.resolve("gone.jpg"),
                new NoSuchFileException(dir.resolve("gone.jpg").toString())));
        // A temporary file of another program vanishing is no news.
        assertEquals(FileVisitResult.CONTINUE, scan.visitFileFailed(dir.resolve("x.tmp"),
                new NoSuchFileException(dir.resolve("x.tmp").toString())));
        // Listing a directory that fails half-way.
        assertEquals(FileVisitResult.CONTINUE, scan.postVisitDirectory(dir.resolve("half"),
                new IOException("Input/output error")));
        // Hidden entries are not scanned, so their failures are not reported either.
        scan.visitFileFailed(dir.resolve(".cache"), new AccessDeniedException(dir.resolve(".cache").toString()));
        Files.walkFileTree(dir, scan);

        DirectoryScan.Result result = scan.result();
        assertEquals(List.of(dir.resolve("a.png")), result.images());
        assertEquals(List.of("gone.jpg", "half", "private"), result.skipped().stream().map(SkippedEntry::name)
                .toList());
        assertEquals(List.of(SkippedEntry.Reason.VANISHED, SkippedEntry.Reason.UNREADABLE,
                SkippedEntry.Reason.UNREADABLE), result.skipped().stream().map(SkippedEntry::reason).toList());
        assertEquals("permission denied", result.skipped().get(2).detail());
        assertEquals("Input/output error", result.skipped().get(1).detail());
        assertTrue(result.skipped().stream().allMatch(s -> s.reason().missesImages()));
    }
}
