package dev.faceanon.examples.cli;

import dev.faceanon.video.VideoEncoding;
import dev.faceanon.video.track.TrackerSettings;
import picocli.CommandLine.Option;

/** How video inputs are tracked and written: the options the commands share for videos. */
final class VideoOptions {

    /** Longest side the detector sees in video frames unless {@code --video-detection-size} says otherwise. */
    static final int DEFAULT_VIDEO_DETECTION_SIZE = 640;

    @Option(names = "--video-format", defaultValue = BatchPlan.DEFAULT_VIDEO_FORMAT, paramLabel = "EXT",
            description = "container of video outputs: mp4, mkv, mov, ... (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--video-codec", defaultValue = "libx264", paramLabel = "ENCODER",
            description = "ffmpeg encoder of video outputs (default: ${DEFAULT-VALUE}, H.264)")
    String codec;

    @Option(names = "--video-quality", defaultValue = "18", paramLabel = "CRF",
            description = "constant quality of video outputs, 0 best to 51 worst (default: ${DEFAULT-VALUE})")
    int quality;

    @Option(names = "--no-audio", description = "drop the audio of videos (default: copied unchanged)")
    boolean noAudio;

    @Option(names = "--detect-every", defaultValue = "1", paramLabel = "N",
            description = "run the face detector on every N-th video frame (and the last); the tracker covers the"
                    + " frames between (default: ${DEFAULT-VALUE}, every frame)")
    int detectEvery;

    @Option(names = "--max-age", paramLabel = "FRAMES",
            description = "frames a tracked face survives without being detected (default: 12, or twice"
                    + " --detect-every)")
    Integer maxAge;

    @Option(names = "--look-ahead", paramLabel = "FRAMES",
            description = "frames read ahead, so that a face detected late is covered before too (default: 8, or"
                    + " --detect-every)")
    Integer lookAhead;

    @Option(names = "--video-detection-size", defaultValue = "" + DEFAULT_VIDEO_DETECTION_SIZE, paramLabel = "PX",
            description = "longest side the face detector sees in video frames (default: ${DEFAULT-VALUE})")
    int detectionSize;

    /** @return the tracker settings; a value out of range throws {@link IllegalArgumentException} */
    TrackerSettings tracking() {
        TrackerSettings.Builder b = TrackerSettings.builder().detectEvery(detectEvery);
        if (maxAge != null) {
            b.maxAge(maxAge);
        }
        if (lookAhead != null) {
            b.lookAhead(lookAhead);
        }
        return b.build();
    }

    /** @return how outputs are written; a value out of range throws {@link IllegalArgumentException} */
    VideoEncoding encoding() {
        if (!BatchPlan.VIDEO_EXTENSIONS.contains(format)) {
            throw new IllegalArgumentException("--video-format must be one of " + new java.util.TreeSet<>(
                    BatchPlan.VIDEO_EXTENSIONS) + ", got " + dev.faceanon.text.UntrustedText.quote(format));
        }
        return VideoEncoding.builder().codec(codec).quality(quality).keepAudio(!noAudio).build();
    }
}
