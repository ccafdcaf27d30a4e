package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.batch.FaceReport;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.batch.PhotoOperation;
import dev.faceanon.batch.TestImages;
import dev.faceanon.face.BoundingBox;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One image's failure, whatever its exception, is that image's outcome; the batch goes on. */
class BatchRunnerTest {

    @Test
    void anUnexpectedExceptionFailsOnlyItsImage(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String name : List.of("a.png", "b.png", "c.png")) {
            ImageFiles.write(TestImages.pattern(16, 16), in.resolve(name));
        }
        BatchPlan plan = BatchPlan.of(List.of(in), tmp.resolve("out"), null);
        List<String> seen = new java.util.ArrayList<>();
        PhotoOperation operation = (request, options) -> {
            seen.add("image");
            if (seen.size() == 2) {
                throw new IllegalStateException("singular affine map");
            }
            return new PhotoOperation.Result(request.image(), List.of(new FaceReport(0, new BoundingBox(1, 1, 5, 5),
                    List.of(), "redacted (black)", true, "", java.util.OptionalLong.empty(), java.util.Optional.empty(),
                    java.util.Optional.empty())));
        };
        StringWriter out = new StringWriter();
        BatchSummary summary = new BatchSummary(new PrintWriter(out));
        List<ImageOutcome> outcomes = new BatchRunner(new ConsoleProgress(new PrintWriter(new StringWriter()), false),
                false, false, null, null).run(plan, operation, summary);

        assertEquals(List.of(true, false, true), outcomes.stream().map(ImageOutcome::ok).toList());
        assertEquals("unexpected error (java.lang.IllegalStateException: singular affine map); please report it",
                outcomes.get(1).error().orElseThrow());
        assertTrue(Files.isRegularFile(tmp.resolve("out/c.png")), "the image after the failure is processed");
        assertFalse(Files.exists(tmp.resolve("out/b.png")));
        assertEquals(ExitCode.IMAGE_FAILED, summary.printTotals(outcomes, List.of()));
        assertTrue(out.toString().contains("b.png: FAILED, skipped: unexpected error"), out.toString());
    }
}
