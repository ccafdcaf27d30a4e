package dev.faceanon.video;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How output videos are written: codec and quality, whether the audio is kept and whether the
 * container's metadata is. Immutable; build with {@link #builder()}.
 *
 * <p>The defaults are H.264 ({@code libx264}) at constant quality 18 (visually lossless for most
 * footage), preset {@code medium}, audio copied unchanged and container metadata (GPS position,
 * device, dates, titles, chapters) dropped, as photos lose their EXIF data. The container follows
 * the output file's extension ({@code .mp4} is the sensible default).
 */
public final class VideoEncoding {
    /** An encoder or preset name as ffmpeg spells them: letters, digits, {@code _ . -}, not starting with {@code -}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,63}");

    private final String codec;
    private final int quality;
    private final String preset;
    private final boolean keepAudio;
    private final boolean keepMetadata;

    private VideoEncoding(Builder b) {
        this.codec = b.codec;
        this.quality = b.quality;
        this.preset = b.preset;
        this.keepAudio = b.keepAudio;
        this.keepMetadata = b.keepMetadata;
    }

    /** @return the defaults: libx264, quality 18, preset medium, audio kept, metadata dropped */
    public static VideoEncoding defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the encoder, as ffmpeg names it (e.g. {@code libx264}, {@code libx265}, {@code libvpx-vp9}) */
    public String codec() {
        return codec;
    }

    /** @return the constant-quality setting (ffmpeg's {@code -crf}, 0 best, 51 worst) */
    public int quality() {
        return quality;
    }

    /** @return the encoder's speed preset (e.g. {@code medium}, {@code veryfast}) */
    public String preset() {
        return preset;
    }

    /** @return whether the audio streams are copied unchanged */
    public boolean keepAudio() {
        return keepAudio;
    }

    /** @return whether the container's metadata and chapters are copied */
    public boolean keepMetadata() {
        return keepMetadata;
    }

    @Override
    public String toString() {
        return "VideoEncoding[" + codec + ", quality " + quality + ", preset " + preset + ", audio "
                + (keepAudio ? "kept" : "dropped") + ", metadata " + (keepMetadata ? "kept" : "dropped") + "]";
    }

    /** Builder of {@link VideoEncoding}. */
    public static final class Builder {
        private String codec = "libx264";
        private int quality = 18;
        private String preset = "medium";
        private boolean keepAudio = true;
        private boolean keepMetadata;

        private Builder() {}

        /**
         * @param codec an ffmpeg encoder name (letters, digits, {@code _ . -})
         * @return this builder
         */
        public Builder codec(String codec) {
            this.codec = name(codec, "codec");
            return this;
        }

        /**
         * @param quality constant quality, 0 (best) to 51 (worst)
         * @return this builder
         */
        public Builder quality(int quality) {
            if (quality < 0 || quality > 51) {
                throw new IllegalArgumentException("quality must be in 0..51, got " + quality);
            }
            this.quality = quality;
            return this;
        }

        /**
         * @param preset the encoder's speed preset (letters, digits, {@code _ . -})
         * @return this builder
         */
        public Builder preset(String preset) {
            this.preset = name(preset, "preset");
            return this;
        }

        /**
         * @param keepAudio copy the audio streams unchanged (default) or drop them
         * @return this builder
         */
        public Builder keepAudio(boolean keepAudio) {
            this.keepAudio = keepAudio;
            return this;
        }

        /**
         * @param keepMetadata copy the container's metadata and chapters (default: dropped)
         * @return this builder
         */
        public Builder keepMetadata(boolean keepMetadata) {
            this.keepMetadata = keepMetadata;
            return this;
        }

        /** @return the settings */
        public VideoEncoding build() {
            return new VideoEncoding(this);
        }

        private static String name(String value, String what) {
            Objects.requireNonNull(value, what);
            if (!NAME.matcher(value).matches()) {
                throw new IllegalArgumentException(what + " must be an ffmpeg name (letters, digits, _ . -), got "
                        + dev.faceanon.text.UntrustedText.quote(value));
            }
            return value;
        }
    }
}
