package dev.faceanon.video;

import dev.faceanon.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Frames in memory: a source that counts what it hands out and a sink that keeps what it gets. */
final class MemoryFrames {
    private MemoryFrames() {}

    /** A 25 fps video of the given frames, with the frame count stated. */
    static VideoInfo info(int width, int height, int frames) {
        return new VideoInfo(width, height, 0, new Rational(25, 1), new Rational(1, 12800), OptionalLong.of(frames),
                OptionalDouble.of(frames / 25.0), 0, "memory", "raw");
    }

    /** A frame of one grey level with a bright square at (x, y) of side s (the "face"). */
    static RgbImage frame(int width, int height, int grey, int x, int y, int s) {
        byte[] rgb = new byte[width * height * 3];
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                boolean inside = i >= x && i < x + s && j >= y && j < y + s;
                int v = inside ? 230 : grey;
                int o = (j * width + i) * 3;
                rgb[o] = (byte) v;
                rgb[o + 1] = (byte) (inside ? 180 : grey);
                rgb[o + 2] = (byte) (inside ? 150 : grey);
            }
        }
        return RgbImage.of(width, height, rgb);
    }

    /** Hands out its frames in order and counts them. */
    static final class Source implements FrameSource {
        private final VideoInfo info;
        private final List<RgbImage> frames;
        private final List<String> damage;
        int read;
        boolean closed;

        Source(VideoInfo info, List<RgbImage> frames) {
            this(info, frames, List.of());
        }

        Source(VideoInfo info, List<RgbImage> frames, List<String> damage) {
            this.info = info;
            this.frames = frames;
            this.damage = damage;
        }

        @Override
        public VideoInfo info() {
            return info;
        }

        @Override
        public Optional<RgbImage> next() {
            return read < frames.size() ? Optional.of(frames.get(read++)) : Optional.empty();
        }

        @Override
        public List<String> damage() {
            return damage;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Keeps every frame written and, for each, how many frames the source had handed out by then. */
    static final class Sink implements FrameSink {
        final List<RgbImage> written = new ArrayList<>();
        final List<Integer> readWhenWritten = new ArrayList<>();
        private final Source source;
        boolean finished;
        boolean closed;

        Sink(Source source) {
            this.source = source;
        }

        @Override
        public void write(RgbImage frame) {
            written.add(frame);
            readWhenWritten.add(source.read);
        }

        @Override
        public void finish() {
            finished = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
