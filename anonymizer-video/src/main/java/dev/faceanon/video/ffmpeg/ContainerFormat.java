package dev.faceanon.video.ffmpeg;

import java.util.Map;
import java.util.Optional;

/**
 * The container formats accepted as input, by the name ffprobe gives them, with the demuxer that
 * decoding is then held to. Anything else is refused: playlists ({@code hls}, {@code concat}) and
 * other formats that make ffmpeg open further files or URLs, image sequences and single pictures
 * (photos go through the photo path), and devices.
 */
final class ContainerFormat {
    private static final Map<String, String> DEMUXERS = Map.ofEntries(
            Map.entry("mov,mp4,m4a,3gp,3g2,mj2", "mov"),
            Map.entry("matroska,webm", "matroska"),
            Map.entry("avi", "avi"),
            Map.entry("mpegts", "mpegts"),
            Map.entry("mpeg", "mpeg"),
            Map.entry("flv", "flv"),
            Map.entry("ogg", "ogg"),
            Map.entry("asf", "asf"),
            Map.entry("dv", "dv"),
            Map.entry("gif", "gif"));

    private ContainerFormat() {}

    /**
     * @param formatName ffprobe's {@code format_name}
     * @return the demuxer to decode it with; empty if the format is not accepted
     */
    static Optional<String> demuxer(String formatName) {
        return Optional.ofNullable(DEMUXERS.get(formatName));
    }

    /** @return the accepted formats, for messages */
    static String accepted() {
        return "MP4/MOV/3GP, Matroska/WebM, AVI, MPEG-TS, MPEG-PS, FLV, Ogg, ASF/WMV, DV, GIF";
    }
}
