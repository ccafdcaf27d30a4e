package dev.faceanon.video.ffmpeg;

import dev.faceanon.image.RgbImage;
import dev.faceanon.text.UntrustedText;
import dev.faceanon.video.FrameSource;
import dev.faceanon.video.VideoFormatException;
import dev.faceanon.video.VideoInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Frames decoded by an {@code ffmpeg} subprocess and read as raw RGB from its standard output,
 * upright (ffmpeg applies the display rotation). The size of a frame is known from the probe
 * before anything is read, and bounded there; a stream that ends within a frame is a damaged file.
 */
final class FfmpegFrameSource implements FrameSource {
    private final VideoInfo info;
    private final String file;
    private final FfmpegProcess process;
    private final InputStream frames;
    private final byte[] buffer;
    private boolean ended;

    /**
     * @param process the decoder, writing rgb24 frames of {@code info}'s upright size
     * @param info the input's description
     * @param file the input's name, for messages
     */
    FfmpegFrameSource(FfmpegProcess process, VideoInfo info, String file) {
        this.process = process;
        this.info = info;
        this.file = file;
        this.frames = process.stdout();
        // The probe bounded the pixel count far below 2^31 / 3.
        this.buffer = new byte[Math.multiplyExact(Math.multiplyExact(info.frameWidth(), info.frameHeight()),
                RgbImage.CHANNELS)];
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    @Override
    public Optional<RgbImage> next() throws IOException {
        if (ended) {
            return Optional.empty();
        }
        int n = frames.readNBytes(buffer, 0, buffer.length);
        if (n == buffer.length) {
            return Optional.of(RgbImage.of(info.frameWidth(), info.frameHeight(), buffer));
        }
        ended = true;
        int code;
        try {
            code = process.awaitExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for ffmpeg to finish decoding", e);
        }
        if (code != 0) {
            throw new VideoFormatException("ffmpeg could not decode " + UntrustedText.quote(file) + " (exit code "
                    + code + "): " + process.stderr().describe());
        }
        if (n != 0) {
            throw new VideoFormatException(UntrustedText.quote(file) + " ends within a frame (" + n + " of "
                    + buffer.length + " bytes): the file is truncated or damaged");
        }
        return Optional.empty();
    }

    @Override
    public List<String> damage() {
        return process.stderr().lines().stream().map(UntrustedText::escape).toList();
    }

    @Override
    public void close() {
        process.close();
    }
}
