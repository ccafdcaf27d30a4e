package dev.faceanon.examples.cli;

import dev.faceanon.FaceAnonException;
import dev.faceanon.batch.FaceReport;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.video.FaceFinder;
import dev.faceanon.video.FallbackSpan;
import dev.faceanon.video.FrameOperation;
import dev.faceanon.video.TrackReport;
import dev.faceanon.video.VideoCallOptions;
import dev.faceanon.video.VideoEncoding;
import dev.faceanon.video.VideoProcessor;
import dev.faceanon.video.VideoResult;
import dev.faceanon.video.ffmpeg.FfmpegBackend;
import dev.faceanon.video.track.TrackerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a command does to each video of a batch: follow its faces and process every frame with the
 * command's operation, through the system's ffmpeg. The face detector (when no faces file is
 * given) is opened at the first video and closed with the job.
 */
final class VideoJob implements AutoCloseable {
    private final FrameOperation operation;
    private final String verb;
    private final FacesFile faces;
    private final Supplier<FaceDetector> detectorFactory;
    private final TrackerSettings tracking;
    private final VideoEncoding encoding;
    private final String unsupported;
    private FaceDetector detector;
    private FfmpegBackend backend;

    private VideoJob(FrameOperation operation, String verb, FacesFile faces, Supplier<FaceDetector> detectorFactory,
            VideoOptions options, String unsupported) {
        this.operation = operation;
        this.verb = verb;
        this.faces = faces;
        this.detectorFactory = detectorFactory;
        this.tracking = options == null ? null : options.tracking();
        this.encoding = options == null ? null : options.encoding();
        this.unsupported = unsupported;
    }

    /**
     * @param operation what is done to the faces of a frame
     * @param verb what is done, for the summary ("anonymized", "redacted (blur)", "swapped")
     * @param faces the caller's faces, or null to detect them
     * @param detectorFactory opens the detector at its video setting (used without a faces file)
     * @param options tracking and output settings
     * @return the job
     */
    static VideoJob of(FrameOperation operation, String verb, FacesFile faces, Supplier<FaceDetector> detectorFactory,
            VideoOptions options) {
        return new VideoJob(operation, verb, faces, detectorFactory, options, null);
    }

    /**
     * @param reason why the command cannot process videos as invoked
     * @return a job that fails every video with that reason
     */
    static VideoJob unsupported(String reason) {
        return new VideoJob(null, "", null, null, null, reason);
    }

    /**
     * @param item a video of the batch
     * @param overwrite whether an existing output is replaced
     * @param acceptDamaged whether a video the decoder reports as damaged is processed as decoded
     * @param options progress and cancellation
     * @return what was done
     * @throws IOException if reading or writing fails
     * @throws FaceAnonException if the video cannot be processed (no output file is left)
     */
    ImageOutcome process(BatchPlan.Item item, boolean overwrite, boolean acceptDamaged, VideoCallOptions options)
            throws IOException {
        if (unsupported != null) {
            return ImageOutcome.failed(item, unsupported);
        }
        FaceFinder finder = faces != null ? FaceFinder.supplied(faces.framesOf(item.name(), item.input())) : FaceFinder.detector(detector());
        if (backend == null) {
            backend = FfmpegBackend.fromPath();
        }
        VideoProcessor processor = VideoProcessor.builder(operation, finder).backend(backend).tracking(tracking)
                .encoding(encoding).overwrite(overwrite).acceptDamaged(acceptDamaged).build();
        Path output = item.output().toAbsolutePath();
        Files.createDirectories(output.getParent());
        VideoResult result = processor.process(item.input(), output, options);
        return ImageOutcome.video(item, reports(result), result);
    }

    private FaceDetector detector() {
        if (detector == null) {
            detector = detectorFactory.get();
        }
        return detector;
    }

    /** One report per track, with the frames in which it fell back as the reason. */
    private List<FaceReport> reports(VideoResult result) {
        List<FaceReport> reports = new ArrayList<>();
        for (TrackReport t : result.tracks()) {
            List<FallbackSpan> spans = result.fallbacks().stream().filter(s -> s.trackId() == t.trackId()).toList();
            String reason = spans.stream().map(VideoJob::describe).collect(Collectors.joining("; "));
            String action = t.kept() == t.frames() ? "kept" : t.kept() > 0 ? verb + ", kept in " + t.kept() + " frame(s)"
                    : verb;
            reports.add(new FaceReport(t.trackId() - 1, t.firstBox(), List.of(), action, spans.isEmpty(), reason,
                    OptionalLong.empty(), Optional.empty(), Optional.empty()));
        }
        return reports;
    }

    private static String describe(FallbackSpan s) {
        String frames = s.frames() == 1 ? "frame " + s.firstFrame() : "frames " + s.firstFrame() + "-" + s.lastFrame();
        return s.action().name().toLowerCase(Locale.ROOT) + " in " + frames + ": " + s.reason();
    }

    @Override
    public void close() {
        if (detector != null) {
            detector.close();
        }
    }
}
