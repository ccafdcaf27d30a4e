package dev.faceanon.video;

import dev.faceanon.CancellationToken;
import dev.faceanon.image.RgbImage;
import dev.faceanon.text.UntrustedText;
import dev.faceanon.video.ffmpeg.FfmpegBackend;
import dev.faceanon.video.track.FaceTracker;
import dev.faceanon.video.track.TrackedFace;
import dev.faceanon.video.track.TrackerSettings;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anonymizes, swaps or redacts the faces of a video, following each face from frame to frame so
 * that a face the detector misses in some frames is still covered there.
 *
 * <pre>{@code
 * VideoProcessor processor = VideoProcessor.builder(AnonymizeFaces.of(models.anonymizer()),
 *         FaceFinder.detector(detector)).build();
 * VideoResult result = processor.process(Path.of("in.mp4"), Path.of("out.mp4"));
 * }</pre>
 *
 * <p>Frames are decoded, and faces found every {@link TrackerSettings#detectEvery()} frames (and in
 * the last); the {@link FaceTracker} follows them; each frame is written
 * {@link TrackerSettings#lookAhead()} frames after it is read, with the faces the tracker knows for
 * it by then, processed by the {@link FrameOperation}. The output keeps the input's frame count,
 * frame rate, size and rotation (and time base in MP4 and MOV), and its audio unless told
 * otherwise; container metadata is dropped unless told otherwise ({@link VideoEncoding}).
 *
 * <p>Fails closed per frame: a face that cannot be processed as asked in a frame is handled by the
 * operation's fallback there and listed in {@link VideoResult#fallbacks()}. A run that fails or is
 * cancelled leaves no output file: the output is written under a temporary name beside it, checked
 * against the input and only then renamed into place.
 *
 * <p>Immutable; {@code process} may run on several threads at once if the operation and the finder
 * allow it (the library's do).
 */
public final class VideoProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(VideoProcessor.class);
    /** Default bound of the frames held in memory for the look-ahead window. */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 1L << 30;

    private final FrameOperation operation;
    private final FaceFinder finder;
    private final TrackerSettings tracking;
    private final VideoBackend backend;
    private final VideoEncoding encoding;
    private final boolean overwrite;
    private final boolean acceptDamaged;
    private final long maxBufferedBytes;
    private final LongSupplier nanoClock;

    private VideoProcessor(Builder b) {
        this.operation = b.operation;
        this.finder = b.finder;
        this.tracking = b.tracking;
        this.backend = b.backend;
        this.encoding = b.encoding;
        this.overwrite = b.overwrite;
        this.acceptDamaged = b.acceptDamaged;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.nanoClock = b.nanoClock;
    }

    /**
     * @param operation what is done to the faces of each frame
     * @param finder where the faces come from (a detector, or faces the caller knows)
     * @return a builder
     */
    public static Builder builder(FrameOperation operation, FaceFinder finder) {
        return new Builder(operation, finder);
    }

    /** @return the tracker settings */
    public TrackerSettings tracking() {
        return tracking;
    }

    /** @return the output settings */
    public VideoEncoding encoding() {
        return encoding;
    }

    /**
     * @param input a video file
     * @param output where the processed video goes; its extension chooses the container
     *     ({@code .mp4} is the sensible choice)
     * @return what was done
     * @throws IOException if reading or writing fails
     * @throws VideoException if the input cannot be processed or the output cannot be written; no
     *     output file is left behind
     * @throws dev.faceanon.CancelledException never, with the default options (which cannot be cancelled)
     */
    public VideoResult process(Path input, Path output) throws IOException {
        return process(input, output, VideoCallOptions.defaults());
    }

    /**
     * @param input a video file
     * @param output where the processed video goes; its extension chooses the container
     * @param options progress, cancellation
     * @return what was done
     * @throws IOException if reading or writing fails
     * @throws VideoException if the input cannot be processed or the output cannot be written
     * @throws dev.faceanon.video.ffmpeg.FfmpegNotFoundException if no backend was given and ffmpeg is not installed
     * @throws dev.faceanon.CancelledException if cancelled
     * @throws FileAlreadyExistsException if the output exists and overwriting was not asked for
     */
    public VideoResult process(Path input, Path output, VideoCallOptions options) throws IOException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(options, "options");
        checkPaths(input, output);
        VideoBackend videos = backend != null ? backend : FfmpegBackend.fromPath();
        VideoInfo info = videos.probe(input);
        try (PartialFile partial = PartialFile.beside(output)) {
            VideoResult result;
            try (FrameSource source = videos.open(input, info);
                    FrameSink sink = videos.create(partial.path(), info, input, encoding)) {
                result = process(source, sink, options);
            }
            verify(videos, partial.path(), info, result.frames(), output);
            partial.keep(overwrite);
            return result;
        }
    }

    private void checkPaths(Path input, Path output) throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new NoSuchFileException(input.toString(), null, "not a regular file");
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NoSuchFileException(output.toString(), null, "its directory does not exist");
        }
        if (Files.exists(output) && Files.isSameFile(input, output)
                || input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the output " + UntrustedText.quote(output.toString())
                    + " is the input: inputs are never overwritten");
        }
        if (!overwrite && Files.exists(output)) {
            throw new FileAlreadyExistsException(output.toString(), null, "exists; allow overwriting to replace it");
        }
    }

    /** The written file must show the input's size, rotation and audio and every frame written. */
    private void verify(VideoBackend videos, Path written, VideoInfo input, long frames, Path output)
            throws IOException {
        VideoInfo out = videos.probe(written);
        List<String> problems = new ArrayList<>();
        if (out.codedWidth() != input.codedWidth() || out.codedHeight() != input.codedHeight()) {
            problems.add("frames of " + out.codedWidth() + "x" + out.codedHeight() + " instead of "
                    + input.codedWidth() + "x" + input.codedHeight());
        }
        if (out.rotation() != input.rotation()) {
            problems.add("rotation " + out.rotation() + " instead of " + input.rotation());
        }
        if (out.frameCount().isPresent() && out.frameCount().getAsLong() != frames) {
            problems.add(out.frameCount().getAsLong() + " frames instead of " + frames);
        }
        int audio = encoding.keepAudio() ? input.audioStreams() : 0;
        if (out.audioStreams() != audio) {
            problems.add(out.audioStreams() + " audio streams instead of " + audio);
        }
        if (!problems.isEmpty()) {
            throw new VideoException("the video written for " + UntrustedText.quote(output.toString())
                    + " does not match its input (" + String.join("; ", problems) + "); it was not kept");
        }
    }

    /**
     * Processes frames from a source into a sink: the frame-level form of
     * {@link #process(Path, Path, VideoCallOptions)}, for other decoders and encoders. On success
     * the sink is finished; on failure or cancellation it is left unfinished, so that closing it
     * discards the output. The caller closes both.
     *
     * @param source the frames
     * @param sink where the processed frames go
     * @param options progress, cancellation
     * @return what was done
     * @throws IOException if reading or writing fails
     * @throws VideoFormatException if the source is damaged (unless damage is accepted) or has no frame
     * @throws dev.faceanon.CancelledException if cancelled
     */
    public VideoResult process(FrameSource source, FrameSink sink, VideoCallOptions options) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(options, "options");
        return new Run(source, sink, options).run();
    }

    /** One run: the state of the look-ahead window, the tracker and the reports. */
    private final class Run {
        private final FrameSource source;
        private final FrameSink sink;
        private final VideoCallOptions options;
        private final CancellationToken cancellation;
        private final VideoInfo info;
        private final FaceTracker tracker = new FaceTracker(tracking);
        private final Deque<Pending> window = new ArrayDeque<>();
        private final StageClock clock = new StageClock(nanoClock);
        private final FlickerMeter flicker = new FlickerMeter();
        private final RunReport report = new RunReport();
        private final ProgressMeter meter;
        private long written;

        private record Pending(int index, RgbImage image) {}

        Run(FrameSource source, FrameSink sink, VideoCallOptions options) {
            this.source = source;
            this.sink = sink;
            this.options = options;
            this.cancellation = options.cancellation();
            this.info = Objects.requireNonNull(source.info(), "source.info()");
            this.meter = new ProgressMeter(nanoClock, info.frameCount());
        }

        VideoResult run() throws IOException {
            checkBuffer();
            int read = 0;
            RgbImage last = null;
            while (true) {
                cancellation.throwIfCancelled();
                Optional<RgbImage> next = clock.time(StageClock.Stage.DECODING, source::next);
                checkDamage();
                if (next.isEmpty()) {
                    break;
                }
                RgbImage frame = next.get();
                if (frame.width() != info.frameWidth() || frame.height() != info.frameHeight()) {
                    throw new VideoFormatException("frame " + read + " is " + frame.width() + "x" + frame.height()
                            + ", not " + info.frameWidth() + "x" + info.frameHeight() + " as the video states");
                }
                if (read == Integer.MAX_VALUE) {
                    throw new VideoFormatException("the video has more than " + Integer.MAX_VALUE + " frames");
                }
                window.addLast(new Pending(read, frame));
                if (read % tracking.detectEvery() == 0) {
                    detect(read, frame);
                }
                last = frame;
                read++;
                while (window.peekFirst().index() + tracking.lookAhead() <= read - 1) {
                    emit(window.pollFirst());
                }
            }
            if (read == 0) {
                throw new VideoFormatException("the video has no frames");
            }
            if ((read - 1) % tracking.detectEvery() != 0) {
                // The last frame is always searched, so that the frames before it are interpolated, not predicted.
                detect(read - 1, last);
            }
            while (!window.isEmpty()) {
                emit(window.pollFirst());
            }
            cancellation.throwIfCancelled();
            clock.time(StageClock.Stage.ENCODING, () -> {
                sink.finish();
                return null;
            });
            LOG.info("video of {} frames done: {} tracks, {} face-frames fell back", written,
                    tracker.tracksStarted(), report.fallbacks().stream().mapToLong(FallbackSpan::frames).sum());
            return new VideoResult(info, written, report.tracks(), report.fallbacks(), flicker.report(), clock.times(),
                    acceptDamaged ? source.damage() : List.of());
        }

        private void checkBuffer() {
            long frameBytes = (long) info.frameWidth() * info.frameHeight() * RgbImage.CHANNELS;
            // The window, the frame being read and the frame being written.
            long needed = frameBytes * (tracking.lookAhead() + 2L);
            long limit = Math.min(maxBufferedBytes, Runtime.getRuntime().maxMemory() / 2);
            if (needed > limit) {
                throw new VideoException(String.format(Locale.ROOT, "a look-ahead of %d frames of %dx%d needs %d MB"
                        + " of memory, more than the %d MB allowed; lower the look-ahead or give the JVM more memory",
                        tracking.lookAhead(), info.frameWidth(), info.frameHeight(), needed >> 20, limit >> 20));
            }
        }

        private void checkDamage() {
            if (!acceptDamaged && !source.damage().isEmpty()) {
                throw new VideoFormatException("the decoder reports damage (" + String.join(" | ", source.damage())
                        + "): a face in a damaged part could go undetected; accept damaged input to process it as"
                        + " decoded");
            }
        }

        private void detect(int index, RgbImage frame) throws IOException {
            cancellation.throwIfCancelled();
            List<dev.faceanon.face.Face> faces = clock.time(StageClock.Stage.DETECTION,
                    () -> finder.find(index, frame));
            clock.time(StageClock.Stage.TRACKING, () -> {
                tracker.detected(index, faces);
                return null;
            });
        }

        private void emit(Pending p) throws IOException {
            cancellation.throwIfCancelled();
            List<TrackedFace> faces = clock.time(StageClock.Stage.TRACKING,
                    () -> tracker.facesAt(p.index(), info.frameWidth(), info.frameHeight()));
            FrameResult result = clock.time(StageClock.Stage.FACES, () -> operation.apply(
                    new FrameWork(p.index(), p.image(), faces, cancellation, options.faceProgress())));
            checkResult(p, faces, result);
            clock.time(StageClock.Stage.TRACKING, () -> {
                flicker.add(p.image(), result.image(), faces);
                tracker.forgetBefore(p.index() + 1);
                return null;
            });
            report.add(p.index(), result.faces());
            clock.time(StageClock.Stage.ENCODING, () -> {
                sink.write(result.image());
                return null;
            });
            written++;
            options.progress().onProgress(meter.frameDone());
        }

        /** An operation must return a frame of the same size and account for every face it was given. */
        private void checkResult(Pending p, List<TrackedFace> faces, FrameResult result) {
            if (!result.image().sameSize(p.image())) {
                throw new IllegalStateException(operation + " returned a frame of " + result.image().width() + "x"
                        + result.image().height() + " for one of " + p.image().width() + "x" + p.image().height());
            }
            Set<TrackedFace> reported = new HashSet<>();
            for (TrackedFaceOutcome o : result.faces()) {
                reported.add(o.face());
            }
            if (result.faces().size() != faces.size() || !reported.equals(new HashSet<>(faces))) {
                throw new IllegalStateException(operation + " reported " + result.faces().size() + " outcomes for the "
                        + faces.size() + " faces of frame " + p.index() + "; every face needs one");
            }
        }
    }

    /** Builder of {@link VideoProcessor}. */
    public static final class Builder {
        private final FrameOperation operation;
        private final FaceFinder finder;
        private TrackerSettings tracking = TrackerSettings.defaults();
        private VideoBackend backend;
        private VideoEncoding encoding = VideoEncoding.defaults();
        private boolean overwrite;
        private boolean acceptDamaged;
        private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder(FrameOperation operation, FaceFinder finder) {
            this.operation = Objects.requireNonNull(operation, "operation");
            this.finder = Objects.requireNonNull(finder, "finder");
        }

        /**
         * @param tracking how faces are followed (default {@link TrackerSettings#defaults()})
         * @return this builder
         */
        public Builder tracking(TrackerSettings tracking) {
            this.tracking = Objects.requireNonNull(tracking, "tracking");
            return this;
        }

        /**
         * @param backend reads and writes the files (default: {@link FfmpegBackend#fromPath()} when a
         *     file is processed)
         * @return this builder
         */
        public Builder backend(VideoBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * @param encoding codec, quality, audio and metadata of the output (default {@link VideoEncoding#defaults()})
         * @return this builder
         */
        public Builder encoding(VideoEncoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /**
         * @param overwrite replace an existing output file (default: refuse)
         * @return this builder
         */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * @param acceptDamaged process an input the decoder reports as damaged, as decoded (default:
         *     refuse it, since a face in a damaged part could go undetected)
         * @return this builder
         */
        public Builder acceptDamaged(boolean acceptDamaged) {
            this.acceptDamaged = acceptDamaged;
            return this;
        }

        /**
         * @param bytes the most memory the look-ahead window may hold (default 1 GiB, and never more
         *     than half the JVM's heap)
         * @return this builder
         */
        public Builder maxBufferedBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBufferedBytes must be positive, got " + bytes);
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        /** For tests: the clock progress and stage times are measured with. */
        Builder clock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        /** @return the processor */
        public VideoProcessor build() {
            return new VideoProcessor(this);
        }
    }
}
