package dev.faceanon.video.ffmpeg;

import dev.faceanon.image.RgbImage;
import dev.faceanon.video.FrameSink;
import dev.faceanon.video.VideoEncoding;
import dev.faceanon.video.VideoException;
import dev.faceanon.video.VideoInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Frames written as raw RGB to an encoding {@code ffmpeg} subprocess. A video displayed rotated is
 * encoded turned back to its stored orientation into an intermediate file beside the output, which
 * a second run copies into the output with the rotation (ffmpeg does not write a display rotation
 * while encoding). Closing without a finished output kills the subprocess and deletes what it wrote.
 */
final class FfmpegFrameSink implements FrameSink {
    /** What ffmpeg says when a stream cannot be copied into the chosen container. */
    private static final List<String> CONTAINER_REFUSALS = List.of("codec not currently supported in container",
            "Could not find tag for codec");

    private final Path ffmpeg;
    private final VideoInfo info;
    private final VideoEncoding encoding;
    private final Path output;
    private final Path intermediate;
    private final Path audioFrom;
    private final String audioDemuxer;
    private final FfmpegProcess encoder;
    private final OutputStream frames;
    private final ProcessStarter starter;
    private boolean finished;
    private boolean closed;

    /**
     * @param audioFrom the input audio and metadata are copied from; null if nothing is copied
     * @param audioDemuxer the input's demuxer
     * @param start starts an ffmpeg run (the backend's process factory)
     */
    FfmpegFrameSink(Path ffmpeg, VideoInfo info, VideoEncoding encoding, Path output, Path audioFrom,
            String audioDemuxer, ProcessStarter start) throws IOException {
        this.ffmpeg = ffmpeg;
        this.info = info;
        this.encoding = encoding;
        this.output = output;
        this.audioFrom = audioFrom;
        this.audioDemuxer = audioDemuxer;
        boolean twoRuns = info.rotation() != 0;
        this.intermediate = twoRuns ? output.resolveSibling(".video-" + output.getFileName()) : null;
        Path target = twoRuns ? intermediate : output;
        this.encoder = start.start(FfmpegArguments.encode(ffmpeg, info, encoding, twoRuns ? null : audioFrom,
                audioDemuxer, twoRuns, target), true);
        this.frames = encoder.stdin();
        this.starter = start;
    }

    /** Starts ffmpeg runs; the backend's, so that tests and the backend share one way of starting them. */
    @FunctionalInterface
    interface ProcessStarter {
        /**
         * @param command the command line
         * @param writesToStdin whether frames are written to its standard input
         * @return the running process
         * @throws IOException if it cannot be started
         */
        FfmpegProcess start(List<String> command, boolean writesToStdin) throws IOException;
    }

    @Override
    public void write(RgbImage frame) throws IOException {
        if (finished || closed) {
            throw new IllegalStateException("the sink is " + (closed ? "closed" : "finished"));
        }
        if (frame.width() != info.frameWidth() || frame.height() != info.frameHeight()) {
            throw new IllegalArgumentException("frame of " + frame.width() + "x" + frame.height() + " for a video of "
                    + info.frameWidth() + "x" + info.frameHeight());
        }
        try {
            frames.write(frame.toByteArray());
        } catch (IOException e) {
            throw failure("ffmpeg stopped taking frames", e);
        }
    }

    @Override
    public void finish() throws IOException {
        if (closed) {
            throw new IllegalStateException("the sink is closed");
        }
        if (finished) {
            return;
        }
        try {
            frames.close();
        } catch (IOException e) {
            throw failure("ffmpeg stopped taking frames", e);
        }
        awaitSuccess(encoder, "encoding");
        if (intermediate != null) {
            try (FfmpegProcess remux = starter.start(FfmpegArguments.remux(ffmpeg, info, encoding, intermediate,
                    audioFrom, audioDemuxer, output), false)) {
                awaitSuccess(remux, "writing the rotation into");
            } finally {
                Files.deleteIfExists(intermediate);
            }
        }
        finished = true;
    }

    private void awaitSuccess(FfmpegProcess process, String step) throws IOException {
        int code;
        try {
            code = process.awaitExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ffmpeg was " + step + " the output", e);
        }
        if (code != 0) {
            throw new VideoException("ffmpeg failed " + step + " the output (exit code " + code + "): "
                    + process.stderr().describe() + hint(process));
        }
    }

    private VideoException failure(String what, IOException cause) {
        try {
            // Its standard error says why; it has exited or is about to.
            encoder.awaitExit(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new VideoException(what + ": " + encoder.stderr().describe() + hint(encoder), cause);
    }

    private String hint(FfmpegProcess process) {
        Predicate<String> said = s -> process.stderr().lines().stream().anyMatch(l -> l.contains(s));
        if (CONTAINER_REFUSALS.stream().anyMatch(said)) {
            return encoding.keepAudio() && info.audioStreams() > 0
                    ? "; the audio cannot be stored unchanged in this container: choose one that holds it (.mkv holds"
                            + " any) or drop the audio"
                    : "; the codec cannot be stored in this container: choose another codec or container";
        }
        if (said.test("Unknown encoder")) {
            return "; this ffmpeg has no encoder of that name (ffmpeg -encoders lists them)";
        }
        return "";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        encoder.close();
        if (!finished) {
            deleteQuietly(output);
        }
        if (intermediate != null) {
            deleteQuietly(intermediate);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The caller removes the output too; an undeletable file is reported there.
        }
    }
}
