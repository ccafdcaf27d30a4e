package dev.faceanon.video;

import dev.faceanon.image.RgbImage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The frames of a video, upright (turned as players show them), in order. Not thread-safe.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * @return what the video holds; its {@link VideoInfo#frameWidth()} × {@link VideoInfo#frameHeight()}
     *     is every frame's size
     */
    VideoInfo info();

    /**
     * @return the next frame; empty after the last
     * @throws IOException if reading fails
     * @throws VideoFormatException if the video is damaged or ends within a frame
     */
    Optional<RgbImage> next() throws IOException;

    /**
     * @return what the decoder reported about damage so far (corrupt or missing data it decoded
     *     around); empty for an intact video. Never image content.
     */
    default List<String> damage() {
        return List.of();
    }

    /** Stops reading and frees what the source holds (subprocesses included). Idempotent. */
    @Override
    void close();
}
