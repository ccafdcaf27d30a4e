package dev.faceanon.video;

/**
 * An input video is unreadable, damaged, of an unsupported kind, or describes itself with values
 * out of range (a frame size beyond the pixel limit, an absurd frame rate, a rotation that is not
 * a quarter turn). The message names the file and, where it applies, the field.
 */
public class VideoFormatException extends VideoException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with which file
     */
    public VideoFormatException(String message) {
        super(message);
    }
}
