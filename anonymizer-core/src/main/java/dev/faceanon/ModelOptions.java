package dev.faceanon;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the model weights are and how to run them. Immutable; build with {@link #builder()}.
 *
 * <p>Without a directory, the backend finds the published repositories in the Hugging Face cache
 * ({@code HF_HUB_CACHE}, {@code HF_HOME}) or downloads them (about 12 GB, once), as described in
 * docs/models.md.
 */
public final class ModelOptions {
    /** Default of {@link #detectionSize()}. */
    public static final int DEFAULT_DETECTION_SIZE = 1600;

    private final Path directory;
    private final Precision precision;
    private final String device;
    private final boolean allowDownload;
    private final int imageSize;
    private final ModelVariant variant;
    private final int detectionSize;
    private final DownloadProgressListener downloadListener;
    private final boolean identityAudit;

    private ModelOptions(Builder b) {
        this.directory = b.directory;
        this.precision = b.precision;
        this.device = b.device;
        this.allowDownload = b.allowDownload;
        this.variant = b.variant;
        this.imageSize = b.imageSize > 0 ? b.imageSize : b.variant.defaultImageSize();
        this.detectionSize = b.detectionSize;
        this.downloadListener = b.downloadListener;
        this.identityAudit = b.identityAudit;
    }

    /** @return a builder with the defaults: Hugging Face cache or download, automatic device and precision */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a directory holding {@code face-anon-simple/}, {@code stable-diffusion-2-1/} and
     *     {@code clip-vit-large-patch14/}; empty to use the Hugging Face cache or a download
     */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** @return the precision */
    public Precision precision() {
        return precision;
    }

    /** @return "auto", "cpu", "gpu" or "gpu:N" */
    public String device() {
        return device;
    }

    /** @return whether missing files may be downloaded */
    public boolean allowDownload() {
        return allowDownload;
    }

    /**
     * @return the square side faces are generated at; by default the variant's
     *     ({@link ModelVariant#defaultImageSize()}: 512, the training resolution, for the published weights)
     */
    public int imageSize() {
        return imageSize;
    }

    /** @return which networks are loaded; {@link ModelVariant#PUBLISHED} by default */
    public ModelVariant variant() {
        return variant;
    }

    /**
     * @return the longest side the face detector sees (larger photos are shrunk for detection only;
     *     landmarks and generation use the full photo); 1600 by default
     */
    public int detectionSize() {
        return detectionSize;
    }

    /**
     * @return who hears about downloads of missing model files (about 12 GB the first time);
     *     {@link DownloadProgressListener#NONE} by default
     */
    public DownloadProgressListener downloadListener() {
        return downloadListener;
    }

    /**
     * @return whether a face recognizer is loaded with the models to audit every output face
     *     ({@link dev.faceanon.identity.IdentityAudit}), to check generated faces fail-closed
     *     ({@link dev.faceanon.identity.IdentityCheck}) and to recognise kept faces
     *     ({@link dev.faceanon.identity.KeepGallery}); true by default. The DJL backend's recognizer is face-api's
     *     (13 MB, fetched once like the other model files; also for {@link ModelVariant#TINY_RANDOM}, since an
     *     audit with random weights would measure nothing); loading fails if it cannot be had, never silently
     *     without it.
     */
    public boolean identityAudit() {
        return identityAudit;
    }

    @Override
    public String toString() {
        return "ModelOptions{directory=" + directory + ", precision=" + precision + ", device=" + device
                + ", allowDownload=" + allowDownload + ", imageSize=" + imageSize + ", variant=" + variant
                + ", detectionSize=" + detectionSize + ", identityAudit=" + identityAudit + "}";
    }

    /** Builder of {@link ModelOptions}. */
    public static final class Builder {
        private Path directory;
        private Precision precision = Precision.AUTO;
        private String device = "auto";
        private boolean allowDownload = true;
        private int imageSize;
        private ModelVariant variant = ModelVariant.PUBLISHED;
        private int detectionSize = DEFAULT_DETECTION_SIZE;
        private DownloadProgressListener downloadListener = DownloadProgressListener.NONE;
        private boolean identityAudit = true;

        private Builder() {}

        /**
         * @param identityAudit false to load no face recognizer: outputs are then not audited, generated faces not
         *     checked against their input, and no keep gallery can be used (see {@link ModelOptions#identityAudit()})
         * @return this builder
         */
        public Builder identityAudit(boolean identityAudit) {
            this.identityAudit = identityAudit;
            return this;
        }

        /**
         * @param listener receives the progress of model downloads, on the downloading thread
         * @return this builder
         */
        public Builder downloadListener(DownloadProgressListener listener) {
            this.downloadListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param variant which networks to load
         * @return this builder
         */
        public Builder variant(ModelVariant variant) {
            this.variant = Objects.requireNonNull(variant, "variant");
            return this;
        }

        /**
         * @param detectionSize see {@link ModelOptions#detectionSize()}; in [64, 16384]. Detection
         *     work and memory grow with its square; small faces in large photos need a larger value.
         * @return this builder
         * @throws IllegalArgumentException naming the field if out of range
         */
        public Builder detectionSize(int detectionSize) {
            if (detectionSize < 64 || detectionSize > 16384) {
                throw new IllegalArgumentException("detectionSize must be in [64, 16384], got " + detectionSize);
            }
            this.detectionSize = detectionSize;
            return this;
        }

        /**
         * @param imageSize the side faces are generated at, a multiple of 8 in [64, 2048]. The
         *     published weights were trained at 512 and the authors advise against other sizes; small
         *     sizes are for tests with tiny models.
         * @return this builder
         * @throws IllegalArgumentException naming the field if out of range
         */
        public Builder imageSize(int imageSize) {
            if (imageSize < 64 || imageSize > 2048 || imageSize % 8 != 0) {
                throw new IllegalArgumentException("imageSize must be a multiple of 8 in [64, 2048], got " + imageSize);
            }
            this.imageSize = imageSize;
            return this;
        }

        /**
         * @param directory see {@link ModelOptions#directory()}
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * @param precision the precision
         * @return this builder
         */
        public Builder precision(Precision precision) {
            this.precision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /**
         * @param device "auto", "cpu", "gpu" or "gpu:N"
         * @return this builder
         * @throws IllegalArgumentException naming the field for any other value
         */
        public Builder device(String device) {
            if (device == null || !device.matches("auto|cpu|gpu|gpu:\\d{1,3}")) {
                throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N, got " + device);
            }
            this.device = device;
            return this;
        }

        /**
         * @param allowDownload false to fail instead of downloading missing files
         * @return this builder
         */
        public Builder allowDownload(boolean allowDownload) {
            this.allowDownload = allowDownload;
            return this;
        }

        /** @return the options */
        public ModelOptions build() {
            return new ModelOptions(this);
        }
    }
}
