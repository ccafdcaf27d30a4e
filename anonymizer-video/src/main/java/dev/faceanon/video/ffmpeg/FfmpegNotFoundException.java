package dev.faceanon.video.ffmpeg;

import dev.faceanon.video.VideoException;

/**
 * {@code ffmpeg} or {@code ffprobe} is not installed where it was looked for. The message says
 * what to install.
 */
public class FfmpegNotFoundException extends VideoException {
    private static final long serialVersionUID = 1L;

    /** What to install, for the messages. */
    static final String INSTALL = "install ffmpeg, which provides both programs (Debian/Ubuntu: apt-get install ffmpeg;"
            + " Fedora: dnf install ffmpeg-free; macOS: brew install ffmpeg; Windows: winget install ffmpeg), or"
            + " give their paths";

    /**
     * @param message which program was not found where, and what to install
     */
    public FfmpegNotFoundException(String message) {
        super(message);
    }
}
