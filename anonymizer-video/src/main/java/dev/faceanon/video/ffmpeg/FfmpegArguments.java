package dev.faceanon.video.ffmpeg;

import dev.faceanon.video.VideoEncoding;
import dev.faceanon.video.VideoInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command lines of the ffmpeg runs. Every file is given as an absolute {@code file:} URL, so
 * that no name is read as an option or another protocol, and inputs are limited to the
 * {@code file} protocol and to the demuxer the probe found, so that no input makes ffmpeg open a
 * URL or another file.
 */
final class FfmpegArguments {
    private static final List<String> QUIET = List.of("-nostdin", "-hide_banner", "-v", "error");

    private FfmpegArguments() {}

    /** @return the file as ffmpeg's file protocol names it */
    static String url(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    /** The ffprobe run that describes an input. */
    static List<String> probe(Path ffprobe, Path input) {
        List<String> a = new ArrayList<>(List.of(ffprobe.toString()));
        a.addAll(List.of("-hide_banner", "-v", "error", "-protocol_whitelist", "file", "-print_format", "json",
                "-show_entries", FfprobeReport.ENTRIES, url(input)));
        return a;
    }

    /** The run that decodes the video stream to upright rgb24 frames on standard output, each frame once. */
    static List<String> decode(Path ffmpeg, Path input, FfprobeReport report) {
        List<String> a = new ArrayList<>(List.of(ffmpeg.toString()));
        a.addAll(QUIET);
        a.addAll(input(input, report.demuxer()));
        a.addAll(List.of("-map", "0:" + report.streamIndex(), "-an", "-sn", "-dn",
                // Every decoded frame exactly once: no frame dropped or repeated to reach a constant rate.
                "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"));
        return a;
    }

    /**
     * The run that encodes upright rgb24 frames from standard input.
     *
     * @param audioFrom the input the audio and metadata come from; null if nothing is copied
     * @param turnBack whether the frames are turned back to the input's stored orientation (the
     *     rotation itself is then written by {@link #remux})
     */
    static List<String> encode(Path ffmpeg, VideoInfo info, VideoEncoding encoding, Path audioFrom,
            String audioDemuxer, boolean turnBack, Path target) {
        List<String> a = new ArrayList<>(List.of(ffmpeg.toString()));
        a.addAll(QUIET);
        String size = info.frameWidth() + "x" + info.frameHeight();
        a.addAll(List.of("-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-framerate",
                info.frameRate().toString(), "-i", "pipe:0"));
        if (audioFrom != null) {
            a.addAll(input(audioFrom, audioDemuxer));
        }
        a.addAll(List.of("-map", "0:v:0"));
        a.addAll(copied(info, encoding, audioFrom != null));
        if (turnBack && info.rotation() != 0) {
            a.addAll(List.of("-vf", turnBackFilter(info.rotation())));
        }
        a.addAll(List.of("-c:v", encoding.codec(), "-preset", encoding.preset(), "-crf",
                Integer.toString(encoding.quality()), "-pix_fmt", pixelFormat(info)));
        a.addAll(timeBase(info, target));
        a.add(url(target));
        return a;
    }

    /**
     * The run that copies an encoded video stream into the output with the input's display rotation,
     * audio and (if asked) metadata, re-encoding nothing.
     */
    static List<String> remux(Path ffmpeg, VideoInfo info, VideoEncoding encoding, Path video, Path audioFrom,
            String audioDemuxer, Path target) {
        List<String> a = new ArrayList<>(List.of(ffmpeg.toString()));
        a.addAll(QUIET);
        a.add("-y");
        a.addAll(List.of("-protocol_whitelist", "file", "-i", url(video)));
        if (audioFrom != null) {
            a.addAll(input(audioFrom, audioDemuxer));
        }
        a.addAll(List.of("-map", "0:v:0"));
        a.addAll(copied(info, encoding, audioFrom != null));
        a.addAll(List.of("-c:v", "copy", "-metadata:s:v:0", "rotate=" + info.rotation()));
        a.addAll(timeBase(info, target));
        a.add(url(target));
        return a;
    }

    /** @return whether the output's audio and metadata come from the input */
    static boolean copiesFromInput(VideoInfo info, VideoEncoding encoding) {
        return encoding.keepAudio() && info.audioStreams() > 0 || encoding.keepMetadata();
    }

    private static List<String> input(Path file, String demuxer) {
        return List.of("-protocol_whitelist", "file", "-f", demuxer, "-i", url(file));
    }

    private static List<String> copied(VideoInfo info, VideoEncoding encoding, boolean fromInput) {
        List<String> a = new ArrayList<>();
        if (fromInput && encoding.keepAudio() && info.audioStreams() > 0) {
            a.addAll(List.of("-map", "1:a", "-c:a", "copy"));
        }
        String metadata = fromInput && encoding.keepMetadata() ? "1" : "-1";
        a.addAll(List.of("-map_metadata", metadata, "-map_chapters", metadata));
        return a;
    }

    /** Turns upright frames back by the display rotation (counter-clockwise), i.e. clockwise. */
    static String turnBackFilter(int rotation) {
        switch (rotation) {
            case 90:
                return "transpose=clock";
            case 180:
                return "hflip,vflip";
            case 270:
                return "transpose=cclock";
            default:
                throw new IllegalArgumentException("not a quarter turn: " + rotation);
        }
    }

    /** 4:2:0 halves the chroma resolution and so needs even sides; other sizes keep full chroma. */
    static String pixelFormat(VideoInfo info) {
        return info.codedWidth() % 2 == 0 && info.codedHeight() % 2 == 0 ? "yuv420p" : "yuv444p";
    }

    /** MP4 and QuickTime store the time base as the track's timescale; other containers have their own. */
    private static List<String> timeBase(VideoInfo info, Path target) {
        if (keepsTimeBase(target) && info.timeBase().numerator() == 1
                && info.timeBase().denominator() <= Integer.MAX_VALUE) {
            return List.of("-video_track_timescale", Long.toString(info.timeBase().denominator()));
        }
        return List.of();
    }

    /** @return whether the output's container stores the time base ({@code .mp4}, {@code .m4v}, {@code .mov}) */
    static boolean keepsTimeBase(Path target) {
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mp4") || name.endsWith(".m4v") || name.endsWith(".mov");
    }
}
