package dev.faceanon.video.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.image.RgbImage;
import dev.faceanon.video.FrameSource;
import dev.faceanon.video.VideoFormatException;
import dev.faceanon.video.VideoInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subprocess side against programs that misbehave: missing, answering without end, never
 * answering, failing, ending within a frame; and inputs that are not videos or are damaged. Every
 * run leaves no process behind.
 */
class FfmpegBackendTest {
    @TempDir
    static Path dir;
    private static Path clip;
    private static FfmpegBackend real;

    @BeforeAll
    static void clip() throws IOException, InterruptedException {
        real = FfmpegBackend.fromPath();
        clip = dir.resolve("clip.mp4");
        run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10",
                "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip.toString()));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }

    /** An executable shell script standing in for ffmpeg or ffprobe. */
    private static Path script(Path where, String name, String body) throws IOException {
        Path file = where.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static void assertNoProcessLeft() throws InterruptedException {
        for (int i = 0; i < 40 && ProcessHandle.current().descendants().findAny().isPresent(); i++) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().toList());
    }

    @Test
    void missingProgramsAreNamedWithWhatToInstall(@TempDir Path empty) {
        FfmpegNotFoundException e = assertThrows(FfmpegNotFoundException.class,
                () -> FfmpegBackend.fromPath(empty + java.io.File.pathSeparator + empty.resolve("nowhere")));
        assertTrue(e.getMessage().startsWith("ffmpeg is needed for video files but was not found on the PATH"),
                e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install ffmpeg"), e.getMessage());
        assertThrows(FfmpegNotFoundException.class, () -> FfmpegBackend.fromPath(null));
        FfmpegNotFoundException given = assertThrows(FfmpegNotFoundException.class,
                () -> FfmpegBackend.of(real.ffmpeg(), empty.resolve("ffprobe")));
        assertTrue(given.getMessage().contains("ffprobe is needed") && given.getMessage().contains("not an executable"),
                given.getMessage());
    }

    @Test
    void anEndlessDescriptionIsCutAtItsBoundAndTheProcessKilled(@TempDir Path bin) throws Exception {
        Path probe = script(bin, "ffprobe", "yes '{\"streams\": [' ");
        VideoFormatException e = assertThrows(VideoFormatException.class,
                () -> FfmpegBackend.of(real.ffmpeg(), probe).probe(clip));
        assertTrue(e.getMessage().contains("exceeds " + FfprobeReport.MAX_JSON_BYTES + " bytes"), e.getMessage());
        assertNoProcessLeft();
    }

    @Test
    void aProbeThatNeverAnswersIsStoppedAfterItsTimeout(@TempDir Path bin) throws Exception {
        Path probe = script(bin, "ffprobe", "exec sleep 600");
        long start = System.nanoTime();
        VideoFormatException e = assertThrows(VideoFormatException.class,
                () -> FfmpegBackend.of(real.ffmpeg(), probe).withProbeTimeout(1).probe(clip));
        assertTrue(e.getMessage().contains("did not describe") && e.getMessage().contains("within 1 s"),
                e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
        assertNoProcessLeft();
    }

    @Test
    void aFileFfprobeCannotReadIsRefusedWithItsWords(@TempDir Path tmp) throws Exception {
        Path text = Files.writeString(tmp.resolve("notes\u001b.mp4"), "not a video at all");
        VideoFormatException e = assertThrows(VideoFormatException.class, () -> real.probe(text));
        assertTrue(e.getMessage().startsWith("ffprobe cannot read") && e.getMessage().contains("notes\\u001b.mp4")
                && !e.getMessage().contains("\u001b"), e.getMessage());
        Path png = tmp.resolve("photo.png");
        run(List.of("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=red:size=16x16", "-frames:v",
                "1", png.toString()));
        VideoFormatException photo = assertThrows(VideoFormatException.class, () -> real.probe(png));
        assertTrue(photo.getMessage().contains("which is not accepted"), photo.getMessage());
        assertThrows(VideoFormatException.class, () -> real.probe(tmp));
        assertNoProcessLeft();
    }

    @Test
    void namesThatLookLikeOptionsOrUrlsAreFiles(@TempDir Path tmp) throws IOException {
        Path dash = Files.copy(clip, tmp.resolve("-i.mp4"));
        assertEquals(64, real.probe(dash).codedWidth());
        Path url = Files.createDirectories(tmp.resolve("http:")).resolve("x.mp4");
        Files.copy(clip, url);
        assertEquals(10, real.probe(url).frameCount().getAsLong());
    }

    @Test
    void aDecoderThatStopsWithinAFrameIsADamagedFile(@TempDir Path bin) throws Exception {
        // 1.5 frames of 64x48 RGB, then a clean exit.
        Path mpeg = script(bin, "ffmpeg", "head -c " + (64 * 48 * 3 * 3 / 2) + " /dev/zero");
        FfmpegBackend backend = FfmpegBackend.of(mpeg, real.ffprobe());
        VideoInfo info = backend.probe(clip);
        try (FrameSource source = backend.open(clip, info)) {
            Optional<RgbImage> first = source.next();
            assertTrue(first.isPresent());
            VideoFormatException e = assertThrows(VideoFormatException.class, source::next);
            assertTrue(e.getMessage().contains("ends within a frame (4608 of 9216 bytes)"), e.getMessage());
        }
        assertNoProcessLeft();
    }

    @Test
    void aDecoderThatFailsIsReportedWithItsErrorOutput(@TempDir Path bin) throws Exception {
        Path mpeg = script(bin, "ffmpeg", "echo 'Invalid data found when processing input' >&2; exit 1");
        FfmpegBackend backend = FfmpegBackend.of(mpeg, real.ffprobe());
        try (FrameSource source = backend.open(clip, backend.probe(clip))) {
            VideoFormatException e = assertThrows(VideoFormatException.class, source::next);
            assertTrue(e.getMessage().contains("could not decode") && e.getMessage().contains("exit code 1")
                    && e.getMessage().contains("Invalid data found"), e.getMessage());
        }
        assertNoProcessLeft();
    }

    @Test
    void closingASourceMidwayKillsTheDecoder() throws Exception {
        Path longer = dir.resolve("long.mp4");
        run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25",
                "-t", "20", "-c:v", "libx264", "-preset", "ultrafast", longer.toString()));
        FrameSource source = real.open(longer, real.probe(longer));
        assertTrue(source.next().isPresent());
        source.close();
        source.close();
        assertNoProcessLeft();
    }

    @Test
    void aDamagedFileReportsTheDecodersComplaints(@TempDir Path tmp) throws Exception {
        Path ts = tmp.resolve("clip.ts");
        run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25",
                "-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", ts.toString()));
        byte[] bytes = Files.readAllBytes(ts);
        java.util.Random random = new java.util.Random(1);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 3000; i++) {
            if (i % 188 > 4) {
                bytes[i] = (byte) random.nextInt(256);
            }
        }
        Path damaged = Files.write(tmp.resolve("damaged.ts"), bytes);
        try (FrameSource source = real.open(damaged, real.probe(damaged))) {
            while (source.next().isPresent()) {
                // read to the end
            }
            assertFalse(source.damage().isEmpty(), "the decoder's complaints are the damage report");
        }
    }
}
