package dev.faceanon.video;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes video files: the one place that knows a codec. {@code dev.faceanon.video.ffmpeg.FfmpegBackend}
 * runs the system's {@code ffmpeg}; another implementation can take its place.
 * Implementations are thread-safe; the sources and sinks they open are not.
 */
public interface VideoBackend {

    /**
     * @param video a video file
     * @return what it holds
     * @throws IOException if it cannot be read
     * @throws VideoFormatException if it is not a video this backend can process
     */
    VideoInfo probe(Path video) throws IOException;

    /**
     * @param video a video file
     * @param info its description from {@link #probe}
     * @return its frames, upright
     * @throws IOException if it cannot be opened
     */
    FrameSource open(Path video, VideoInfo info) throws IOException;

    /**
     * @param output the file to write; the caller owns it and removes it on failure
     * @param info the description of the input, whose size, rotation, frame rate and time base the
     *     output keeps
     * @param input the input file, where audio and (if asked) metadata are copied from
     * @param encoding codec, quality, audio and metadata choices
     * @return a sink for the upright frames
     * @throws IOException if the output cannot be created
     */
    FrameSink create(Path output, VideoInfo info, Path input, VideoEncoding encoding) throws IOException;

    /** @return a short description for logs (program and version, no personal data) */
    String describe();
}
