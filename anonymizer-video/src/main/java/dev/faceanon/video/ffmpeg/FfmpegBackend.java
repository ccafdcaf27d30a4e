package dev.faceanon.video.ffmpeg;

import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.text.UntrustedText;
import dev.faceanon.video.FrameSink;
import dev.faceanon.video.FrameSource;
import dev.faceanon.video.VideoBackend;
import dev.faceanon.video.VideoEncoding;
import dev.faceanon.video.VideoException;
import dev.faceanon.video.VideoFormatException;
import dev.faceanon.video.VideoInfo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Decodes and encodes through the system's {@code ffmpeg} and {@code ffprobe}, run as subprocesses
 * with raw RGB frames over pipes (no FFmpeg code in the JVM). Immutable and thread-safe.
 *
 * <p>Inputs are hostile until checked: ffprobe's description is read with a size bound and a
 * timeout by the project's strict JSON reader, and every size, rate and count in it is bounded
 * before a buffer is allocated; only the container formats {@link ContainerFormat} lists are
 * accepted, decoding is held to the probed demuxer and to local files, and every file is passed as
 * an absolute {@code file:} URL. Every subprocess is killed and reaped when its run fails or is
 * cancelled.
 */
public final class FfmpegBackend implements VideoBackend {
    /** How long ffprobe may take to describe a file, by default. */
    static final long PROBE_SECONDS = 60;

    private final Path ffmpeg;
    private final Path ffprobe;
    private final long maxPixels;
    private final long probeSeconds;

    private FfmpegBackend(Path ffmpeg, Path ffprobe, long maxPixels, long probeSeconds) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
        this.maxPixels = maxPixels;
        this.probeSeconds = probeSeconds;
    }

    /**
     * @return the backend with {@code ffmpeg} and {@code ffprobe} from the {@code PATH}
     * @throws FfmpegNotFoundException if either is not on the {@code PATH}; the message says what to
     *     install
     */
    public static FfmpegBackend fromPath() {
        return fromPath(System.getenv("PATH"));
    }

    /**
     * @param searchPath a list of directories in the form of the {@code PATH} variable
     * @return the backend with the programs found there
     * @throws FfmpegNotFoundException if either is not there
     */
    static FfmpegBackend fromPath(String searchPath) {
        Path mpeg = find("ffmpeg", searchPath);
        Path probe = find("ffprobe", searchPath);
        return new FfmpegBackend(mpeg, probe, BufferedImageConverter.DEFAULT_MAX_PIXELS, PROBE_SECONDS);
    }

    /**
     * @param ffmpeg the {@code ffmpeg} executable
     * @param ffprobe the {@code ffprobe} executable
     * @return the backend running them
     * @throws FfmpegNotFoundException if either is not an executable file
     */
    public static FfmpegBackend of(Path ffmpeg, Path ffprobe) {
        return new FfmpegBackend(executable(ffmpeg, "ffmpeg"), executable(ffprobe, "ffprobe"),
                BufferedImageConverter.DEFAULT_MAX_PIXELS, PROBE_SECONDS);
    }

    /**
     * @param pixels the largest frame accepted, 1..{@link RgbImage#MAX_PIXELS} (default
     *     {@link BufferedImageConverter#DEFAULT_MAX_PIXELS}, as for photos)
     * @return a copy with that limit
     */
    public FfmpegBackend withMaxPixels(long pixels) {
        if (pixels < 1 || pixels > RgbImage.MAX_PIXELS) {
            throw new IllegalArgumentException("pixel limit must be in 1.." + RgbImage.MAX_PIXELS + ", got " + pixels);
        }
        return new FfmpegBackend(ffmpeg, ffprobe, pixels, probeSeconds);
    }

    /**
     * @param seconds how long ffprobe may take to describe a file (default 60)
     * @return a copy with that limit
     */
    FfmpegBackend withProbeTimeout(long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("probe timeout must be at least 1 s, got " + seconds);
        }
        return new FfmpegBackend(ffmpeg, ffprobe, maxPixels, seconds);
    }

    private static Path find(String program, String searchPath) {
        if (searchPath != null) {
            boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
            for (String dir : searchPath.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                for (String name : windows ? List.of(program + ".exe", program) : List.of(program)) {
                    try {
                        Path candidate = Path.of(dir, name);
                        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                            return candidate;
                        }
                    } catch (InvalidPathException e) {
                        // Not a directory name on this system: look in the next one.
                    }
                }
            }
        }
        throw new FfmpegNotFoundException(program + " is needed for video files but was not found on the PATH; "
                + FfmpegNotFoundException.INSTALL);
    }

    private static Path executable(Path file, String program) {
        Objects.requireNonNull(file, program);
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
            throw new FfmpegNotFoundException(program + " is needed for video files but "
                    + UntrustedText.quote(file.toString()) + " is not an executable file; "
                    + FfmpegNotFoundException.INSTALL);
        }
        return file;
    }

    @Override
    public VideoInfo probe(Path video) throws IOException {
        return report(video).info();
    }

    /** Runs ffprobe with a timeout and reads at most {@link FfprobeReport#MAX_JSON_BYTES} of its answer. */
    FfprobeReport report(Path video) throws IOException {
        Objects.requireNonNull(video, "video");
        String name = video.toString();
        if (!Files.isRegularFile(video)) {
            throw new VideoFormatException(UntrustedText.quote(name) + " is not a regular file");
        }
        try (FfmpegProcess process = FfmpegProcess.start("ffprobe", FfmpegArguments.probe(ffprobe, video), false,
                true); Watchdog watchdog = new Watchdog(process, probeSeconds)) {
            byte[] json;
            try {
                json = process.stdout().readNBytes(FfprobeReport.MAX_JSON_BYTES + 1);
            } catch (IOException e) {
                if (watchdog.fired()) {
                    throw timeout(name);
                }
                throw e;
            }
            if (json.length > FfprobeReport.MAX_JSON_BYTES) {
                throw new VideoFormatException("ffprobe's description of " + UntrustedText.quote(name) + " exceeds "
                        + FfprobeReport.MAX_JSON_BYTES + " bytes; refused");
            }
            if (!process.awaitExit(probeSeconds) || watchdog.fired()) {
                throw timeout(name);
            }
            if (process.exitValue() != 0) {
                throw new VideoFormatException("ffprobe cannot read " + UntrustedText.quote(name) + " as a video: "
                        + process.stderr().describe());
            }
            return FfprobeReport.parse(json, name, maxPixels);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ffprobe was describing a video", e);
        }
    }

    private VideoFormatException timeout(String name) {
        return new VideoFormatException("ffprobe did not describe " + UntrustedText.quote(name) + " within "
                + probeSeconds + " s");
    }

    @Override
    public FrameSource open(Path video, VideoInfo info) throws IOException {
        FfprobeReport report = unchanged(video, info);
        FfmpegProcess process = FfmpegProcess.start("ffmpeg", FfmpegArguments.decode(ffmpeg, video, report), false,
                true);
        return new FfmpegFrameSource(process, info, video.toString());
    }

    @Override
    public FrameSink create(Path output, VideoInfo info, Path input, VideoEncoding encoding) throws IOException {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(encoding, "encoding");
        FfprobeReport report = unchanged(input, info);
        Path audioFrom = FfmpegArguments.copiesFromInput(info, encoding) ? input : null;
        return new FfmpegFrameSink(ffmpeg, info, encoding, output, audioFrom, report.demuxer(),
                (command, writesToStdin) -> FfmpegProcess.start("ffmpeg", command, writesToStdin, false));
    }

    /** The probe again, so that decoding is held to its demuxer and stream; a file changed meanwhile is refused. */
    private FfprobeReport unchanged(Path video, VideoInfo info) throws IOException {
        FfprobeReport report = report(video);
        if (!report.info().equals(Objects.requireNonNull(info, "info"))) {
            throw new VideoFormatException(UntrustedText.quote(video.toString()) + " changed since it was probed");
        }
        return report;
    }

    @Override
    public String describe() {
        return "ffmpeg subprocesses (" + ffmpeg.getFileName() + ", " + ffprobe.getFileName() + ")";
    }

    /** @return the ffmpeg executable */
    public Path ffmpeg() {
        return ffmpeg;
    }

    /** @return the ffprobe executable */
    public Path ffprobe() {
        return ffprobe;
    }

    /** Kills a process that runs longer than its time. */
    private static final class Watchdog implements AutoCloseable {
        private final Thread thread;
        private volatile boolean fired;

        Watchdog(FfmpegProcess process, long seconds) {
            thread = new Thread(() -> {
                try {
                    TimeUnit.SECONDS.sleep(seconds);
                    fired = true;
                    process.close();
                } catch (InterruptedException e) {
                    // The run ended in time.
                }
            }, process.program() + "-watchdog");
            thread.setDaemon(true);
            thread.start();
        }

        boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
