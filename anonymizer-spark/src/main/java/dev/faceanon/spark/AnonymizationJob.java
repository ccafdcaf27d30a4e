package dev.faceanon.spark;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import dev.faceanon.align.PasteBack;
import dev.faceanon.align.PasteMode;
import dev.faceanon.batch.IdentityMode;
import dev.faceanon.batch.IdentitySettings;
import dev.faceanon.batch.ImageDecoder;
import dev.faceanon.batch.RedactionMethod;
import dev.faceanon.batch.RedactionSettings;
import dev.faceanon.batch.SettingNames;
import dev.faceanon.batch.SuppliedFaces;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.IdentityCheck;
import dev.faceanon.sampling.SamplerKind;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A job over a collection of images: what is done to every face, with which models and settings,
 * and where in the rows the images are. The plain Dataset API: {@link #apply} turns a Dataset of
 * images as Spark's {@code binaryFile} source reads them ({@code path}, {@code content}) into the
 * results ({@link ResultColumns}), lazily, like any transformation; {@link FaceAnonTransformer} is
 * the same as a Spark ML stage. Immutable and serializable: it travels to the executors.
 *
 * <pre>{@code
 * Dataset<Row> photos = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(in);
 * AnonymizationJob job = AnonymizationJob.builder().imageRoot(in).jobSeed(42).build();
 * Dataset<Row> results = job.apply(photos);
 * ResultFiles.write(results, in, out).show();
 * }</pre>
 *
 * <p>Every image is processed as the command line processes it (the same decoding, EXIF
 * orientation, damage and size checks, faces file structure, operations, encoding without
 * metadata), so that the same image, faces and seed give the same bytes. Each image's seed derives
 * from the job seed and the image's name ({@link dev.faceanon.batch.ImageSeeds}, {@link ImageNames}):
 * a retried or speculative task, or a rerun, writes the same bytes.
 *
 * <p>Every output face is audited with the face recognizer as the command line audits it
 * ({@link #identity()}: fail-closed for anonymization, audit for swaps and redactions, or off), and
 * faces matching the keep gallery of {@code keepDirectory} are left as they are; the per-face column
 * carries the audit and the gallery entry ({@link FaceReportStruct}).
 */
public final class AnonymizationJob implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The parameters the shared checks name in their messages: the transformer's. */
    static final SettingNames SETTING_NAMES = new SettingNames("identityCheck", "identityThreshold", "keepDirectory",
            "keepThreshold", "pixelateCells", "blurSigma");
    /** A scheme such as {@code hdfs:}; one letter before the colon is a Windows drive. */
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

    /** What is done to the faces. */
    public enum Operation {
        /** Replaced by generated faces of other identities; a face that cannot be is redacted ({@code fallback}). */
        ANONYMIZE,
        /** Given the identity of the identity image; a face that cannot be is left as it was and reported. */
        SWAP,
        /** Blurred, pixelated or blacked out ({@code redaction}), without any diffusion model. */
        REDACT
    }

    private final Operation operation;
    private final boolean aligned;
    private final SamplerKind sampler;
    private final int steps;
    private final double guidanceScale;
    private final double anonymizationDegree;
    private final long jobSeed;
    private final RedactionMethod fallback;
    private final PasteMode pasteMode;
    private final RedactionMethod redaction;
    private final Integer pixelateCells;
    private final Double blurSigma;
    private final IdentityMode identityMode;
    private final double identityThreshold;
    private final int identityRetries;
    private final String keepDirectory;
    private final String keepFaces;
    private final double keepThreshold;
    private final String runId;
    /** What the settings above make, checked when the job is built. */
    private final RedactionSettings fallbackSettings;
    private final RedactionSettings redactionSettings;
    private final IdentitySettings identity;
    private final ModelSpec model;
    private final String devicePolicy;
    private final boolean acceptDamaged;
    private final String outputFormat;
    private final String imageRoot;
    private final byte[] identityImage;
    private final String identityName;
    private final String identityFaces;
    private final String pathCol;
    private final String contentCol;
    private final String facesCol;

    private AnonymizationJob(Builder b) {
        this.operation = b.operation;
        this.aligned = b.aligned;
        this.sampler = b.sampler;
        this.steps = b.steps;
        this.guidanceScale = b.guidanceScale;
        this.anonymizationDegree = b.anonymizationDegree;
        this.jobSeed = b.jobSeed;
        this.fallback = b.fallback;
        this.pasteMode = b.pasteMode;
        this.redaction = b.redaction;
        this.pixelateCells = b.pixelateCells;
        this.blurSigma = b.blurSigma;
        this.identityMode = b.identityMode;
        this.identityThreshold = b.identityThreshold;
        this.identityRetries = b.identityRetries;
        this.keepDirectory = b.keepDirectory;
        this.keepFaces = b.keepFaces;
        this.keepThreshold = b.keepThreshold;
        this.runId = b.runId;
        this.model = b.model;
        this.devicePolicy = b.devicePolicy;
        this.acceptDamaged = b.acceptDamaged;
        this.outputFormat = b.outputFormat;
        this.imageRoot = b.imageRoot;
        this.identityImage = b.identityImage;
        this.identityName = b.identityName;
        this.identityFaces = b.identityFaces;
        this.pathCol = b.pathCol;
        this.contentCol = b.contentCol;
        this.facesCol = b.facesCol;
        if (operation == Operation.SWAP && (pixelateCells != null || blurSigma != null)) {
            throw new IllegalArgumentException(SETTING_NAMES.pixelateCells() + " and " + SETTING_NAMES.blurSigma()
                    + " apply to anonymize's fallback and to redact, not to swap");
        }
        boolean anonymizes = operation == Operation.ANONYMIZE;
        boolean redacts = operation == Operation.REDACT;
        this.fallbackSettings = anonymizes ? RedactionSettings.of(fallback, "fallback", pixelateCells, blurSigma,
                SETTING_NAMES) : RedactionSettings.of(fallback);
        this.redactionSettings = redacts ? RedactionSettings.of(redaction, "redaction", pixelateCells, blurSigma,
                SETTING_NAMES) : RedactionSettings.of(redaction);
        this.identity = IdentitySettings.builder().mode(identityMode).threshold(identityThreshold)
                .retries(identityRetries).keepDirectory(keepDirectory == null ? null : Path.of(keepDirectory))
                .keepThreshold(keepThreshold).build(anonymizes, SETTING_NAMES);
        if (keepFaces != null && keepDirectory == null) {
            throw new IllegalArgumentException("keepFaces lists the reference photos of keepDirectory: set both");
        }
    }

    /** @return a builder: anonymize with the published weights and the default sampling, a random job seed */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The results of this job over the images, computed lazily by the executors: every input row
     * comes back with the result columns ({@link ResultColumns}); none is dropped.
     *
     * @param images rows with the path (string) and bytes (binary) of each image, and the faces
     *     column if the job has one
     * @return the input's rows with the result columns
     * @throws IllegalArgumentException naming the column if the images lack one or have a
     *     result column already
     */
    public Dataset<Row> apply(Dataset<?> images) {
        StructType schema = outputSchema(images.schema());
        AnonymizationJob run = forRun(qualifiedRoot(images));
        return images.toDF().mapPartitions(new PartitionAnonymizer(run, images.schema()), Encoders.row(schema));
    }

    /**
     * @param input the images' schema
     * @return the results' schema
     * @throws IllegalArgumentException as {@link #apply} does
     */
    public StructType outputSchema(StructType input) {
        return ResultColumns.outputSchema(input, pathCol, contentCol, facesCol);
    }

    /** The root as the executors compare paths with it: qualified by the session's file system, as paths are. */
    private String qualifiedRoot(Dataset<?> images) {
        if (imageRoot == null) {
            return null;
        }
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(imageRoot);
        try {
            FileSystem fs = root.getFileSystem(images.sparkSession().sparkContext().hadoopConfiguration());
            return fs.makeQualified(root).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve the image root " + imageRoot, e);
        }
    }

    /**
     * This job as one run executes it: with the root qualified and a run identifier of its own, under which each
     * executor describes the keep gallery once for all the run's tasks (its retries and speculative copies
     * included); the next run reads the reference photos again.
     */
    private AnonymizationJob forRun(String root) {
        Builder b = toBuilder();
        b.imageRoot = root;
        b.runId = UUID.randomUUID().toString();
        return new AnonymizationJob(b);
    }

    /** @return a builder with this job's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.operation = operation;
        b.aligned = aligned;
        b.sampler = sampler;
        b.steps = steps;
        b.guidanceScale = guidanceScale;
        b.anonymizationDegree = anonymizationDegree;
        b.jobSeed = jobSeed;
        b.fallback = fallback;
        b.pasteMode = pasteMode;
        b.redaction = redaction;
        b.pixelateCells = pixelateCells;
        b.blurSigma = blurSigma;
        b.identityMode = identityMode;
        b.identityThreshold = identityThreshold;
        b.identityRetries = identityRetries;
        b.keepDirectory = keepDirectory;
        b.keepFaces = keepFaces;
        b.keepThreshold = keepThreshold;
        b.model = model;
        b.devicePolicy = devicePolicy;
        b.acceptDamaged = acceptDamaged;
        b.outputFormat = outputFormat;
        b.imageRoot = imageRoot;
        b.identityImage = identityImage;
        b.identityName = identityName;
        b.identityFaces = identityFaces;
        b.pathCol = pathCol;
        b.contentCol = contentCol;
        b.facesCol = facesCol;
        return b;
    }

    /** @return what is done to the faces */
    public Operation operation() {
        return operation;
    }

    /** @return whether the images are aligned face crops, each generated whole (no faces, no detector) */
    public boolean aligned() {
        return aligned;
    }

    /**
     * @return the sampling settings, without a seed: each image's seed derives from {@link #jobSeed()}
     */
    public DiffusionConfig diffusionConfig() {
        return DiffusionConfig.builder().sampler(sampler).steps(steps == 0 ? sampler.recommendedSteps() : steps)
                .guidanceScale(guidanceScale).anonymizationDegree(anonymizationDegree).build();
    }

    /** @return the seed every image's seed derives from */
    public long jobSeed() {
        return jobSeed;
    }

    /** @return the redaction of a face that cannot be anonymized, with its strength for {@link Operation#ANONYMIZE} */
    public RedactionSettings fallback() {
        return fallbackSettings;
    }

    /** @return how generated crops go back into the photos */
    public PasteBack paste() {
        return pasteMode == PasteMode.HARD ? PasteBack.hard() : PasteBack.feathered();
    }

    /** @return the redaction of the {@link Operation#REDACT} operation, with its strength */
    public RedactionSettings redaction() {
        return redactionSettings;
    }

    /**
     * @return how output faces are checked with the face recognizer (mode, threshold, retries) and the keep
     *     gallery's directory and threshold, as the command line's identity options
     */
    public IdentitySettings identity() {
        return identity;
    }

    /**
     * @return the faces file (the command line's {@code --faces} format) listing the keep gallery's reference
     *     photos by their path under {@code keepDirectory}; empty to detect their faces
     */
    public Optional<Path> keepFaces() {
        return Optional.ofNullable(keepFaces).map(Path::of);
    }

    /** @return the run this job is, once {@link #apply} made it one; null before */
    String runId() {
        return runId;
    }

    /** @return which models the executors load */
    public ModelSpec model() {
        return model;
    }

    /** @return where each task runs the models ({@link TaskDevice}) */
    public String devicePolicy() {
        return devicePolicy;
    }

    /** @return whether images the decoder reports as damaged are processed as decoded */
    public boolean acceptDamaged() {
        return acceptDamaged;
    }

    /** @return the decoder of this job's images, which names the parameter that accepts damaged ones */
    ImageDecoder decoder() {
        return new ImageDecoder(acceptDamaged, "acceptDamaged");
    }

    /** @return the format every result is encoded in; null for each input's own (by its extension) */
    public String outputFormat() {
        return outputFormat;
    }

    /** @return the directory the images' names are relative to ({@link ImageNames}); null for whole paths */
    public String imageRoot() {
        return imageRoot;
    }

    /** @return the identity image's bytes, for {@link Operation#SWAP}; null otherwise */
    byte[] identityImage() {
        return identityImage;
    }

    /** @return the identity image's name, for messages */
    String identityName() {
        return identityName;
    }

    /** @return the JSON of the identity image's faces (its first is the identity); null to detect it */
    String identityFaces() {
        return identityFaces;
    }

    /** @return the column of the images' paths */
    public String pathCol() {
        return pathCol;
    }

    /** @return the column of the images' bytes */
    public String contentCol() {
        return contentCol;
    }

    /** @return the column of the caller's faces ({@link FacesColumn}); null to detect them */
    public String facesCol() {
        return facesCol;
    }

    /** Builder of {@link AnonymizationJob}; {@link #build()} checks the whole job. */
    public static final class Builder {
        private Operation operation = Operation.ANONYMIZE;
        private boolean aligned;
        private SamplerKind sampler = SamplerKind.DPM_SOLVER_PP_2M;
        private int steps;
        private double guidanceScale = DiffusionConfig.defaults().guidanceScale();
        private double anonymizationDegree = DiffusionConfig.defaults().anonymizationDegree();
        private long jobSeed = new SecureRandom().nextLong();
        private RedactionMethod fallback = RedactionMethod.BLACK;
        private PasteMode pasteMode = PasteMode.FEATHERED;
        private RedactionMethod redaction = RedactionMethod.BLUR;
        private Integer pixelateCells;
        private Double blurSigma;
        private IdentityMode identityMode;
        private double identityThreshold = FaceRecognizer.DEFAULT_MATCH_THRESHOLD;
        private int identityRetries = IdentityCheck.DEFAULT_RETRIES;
        private String keepDirectory;
        private String keepFaces;
        private double keepThreshold = FaceRecognizer.DEFAULT_MATCH_THRESHOLD;
        private String runId;
        private ModelSpec model = new ModelSpec(ModelVariant.PUBLISHED, null, true, Precision.AUTO, 0,
                dev.faceanon.ModelOptions.DEFAULT_DETECTION_SIZE);
        private String devicePolicy = TaskDevice.TASK;
        private boolean acceptDamaged;
        private String outputFormat;
        private String imageRoot;
        private byte[] identityImage;
        private String identityName;
        private String identityFaces;
        private String pathCol = "path";
        private String contentCol = "content";
        private String facesCol;

        private Builder() {}

        /**
         * @param operation what is done to the faces (default {@link Operation#ANONYMIZE})
         * @return this builder
         */
        public Builder operation(Operation operation) {
            this.operation = Objects.requireNonNull(operation, "operation");
            return this;
        }

        /**
         * @param aligned whether the images are aligned face crops (the official single-face mode)
         * @return this builder
         */
        public Builder aligned(boolean aligned) {
            this.aligned = aligned;
            return this;
        }

        /**
         * @param sampler the sampler (default DPM-Solver++ 2M)
         * @param steps denoising steps; 0 for the sampler's recommended count
         * @return this builder
         */
        public Builder sampling(SamplerKind sampler, int steps) {
            this.sampler = Objects.requireNonNull(sampler, "sampler");
            this.steps = steps;
            return this;
        }

        /**
         * @param guidanceScale classifier-free guidance scale (default 4)
         * @return this builder
         */
        public Builder guidanceScale(double guidanceScale) {
            this.guidanceScale = guidanceScale;
            return this;
        }

        /**
         * @param anonymizationDegree the anonymization degree (default 1.25)
         * @return this builder
         */
        public Builder anonymizationDegree(double anonymizationDegree) {
            this.anonymizationDegree = anonymizationDegree;
            return this;
        }

        /**
         * @param jobSeed the seed every image's seed derives from (default: drawn at random when the
         *     builder is made, so one job's retries agree, but two jobs differ)
         * @return this builder
         */
        public Builder jobSeed(long jobSeed) {
            this.jobSeed = jobSeed;
            return this;
        }

        /**
         * @param fallback the redaction of a face that cannot be anonymized (default black)
         * @return this builder
         */
        public Builder fallback(RedactionMethod fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /**
         * @param pasteMode how generated crops go back (default feathered; hard is the official paste)
         * @return this builder
         */
        public Builder pasteMode(PasteMode pasteMode) {
            this.pasteMode = Objects.requireNonNull(pasteMode, "pasteMode");
            return this;
        }

        /**
         * @param redaction the redaction of {@link Operation#REDACT} (default blur)
         * @return this builder
         */
        public Builder redaction(RedactionMethod redaction) {
            this.redaction = Objects.requireNonNull(redaction, "redaction");
            return this;
        }

        /**
         * The strength of blur and pixelation relative to each face's size, for the method in use: the
         * {@link #redaction} of {@link Operation#REDACT}, the {@link #fallback} of {@link Operation#ANONYMIZE}
         * (docs/redaction.md). A strength for another method, or for a swap, is refused when the job is built.
         *
         * @param pixelateCells cells across each face of a mosaic ({@value dev.faceanon.redact.Pixelate#MIN_CELLS_ACROSS_FACE}
         *     to {@value dev.faceanon.redact.Pixelate#MAX_CELLS_ACROSS_FACE}); null for the default
         *     ({@value dev.faceanon.redact.Pixelate#DEFAULT_CELLS_ACROSS_FACE})
         * @param blurSigma the blur's sigma as a fraction of each face's size
         *     ({@value dev.faceanon.redact.GaussianBlur#MIN_SIGMA_PER_FACE} to
         *     {@value dev.faceanon.redact.GaussianBlur#MAX_SIGMA_PER_FACE}); null for the default
         *     ({@value dev.faceanon.redact.GaussianBlur#DEFAULT_SIGMA_PER_FACE})
         * @return this builder
         */
        public Builder redactionStrength(Integer pixelateCells, Double blurSigma) {
            this.pixelateCells = pixelateCells;
            this.blurSigma = blurSigma;
            return this;
        }

        /**
         * @param mode fail-closed (a generated face the recognizer still matches to its input is generated again,
         *     then redacted; anonymize only), audit (every output face's distance to its input is reported) or off
         *     (no recognizer is loaded); null (the default) for the operation's: fail-closed for anonymize, audit
         *     for swap and redact
         * @param threshold the descriptor distance under which an output face still counts as its input (default
         *     {@value FaceRecognizer#DEFAULT_MATCH_THRESHOLD})
         * @param retries with fail-closed, further generations of a face that still matches, each with the next
         *     seed, before it is redacted (default {@value IdentityCheck#DEFAULT_RETRIES})
         * @return this builder
         */
        public Builder identityCheck(IdentityMode mode, double threshold, int retries) {
            this.identityMode = mode;
            this.identityThreshold = threshold;
            this.identityRetries = retries;
            return this;
        }

        /**
         * The keep gallery: faces matching the largest face of a reference photo in the directory are left as they
         * are and reported as kept (people who consented to being shown). The directory is read by every executor,
         * once per executor JVM and run: a local path with the same content on every node (a shared file system
         * mounted at the same path, or a copy on each node), not a URI. An unreadable reference photo, one without
         * a face or an empty directory stops the job.
         *
         * @param directory the directory of reference photos; null for no gallery
         * @param facesFile a faces file (the command line's {@code --faces} format) on every executor listing the
         *     reference photos by their path under the directory; null to find their faces with the detector
         * @param threshold the descriptor distance under which a face matches a reference photo (default
         *     {@value FaceRecognizer#DEFAULT_MATCH_THRESHOLD})
         * @return this builder
         * @throws IllegalArgumentException if the directory or the faces file is a URI rather than a local path
         */
        public Builder keep(String directory, String facesFile, double threshold) {
            this.keepDirectory = localPath(directory, "keepDirectory");
            this.keepFaces = localPath(facesFile, "keepFaces");
            this.keepThreshold = threshold;
            return this;
        }

        private static String localPath(String path, String setting) {
            if (path == null || path.isBlank()) {
                return null;
            }
            if (URI_SCHEME.matcher(path).find()) {
                throw new IllegalArgumentException(setting + " is read by every executor from its own file system:"
                        + " give a local path (the same on every node), not a URI, got " + path);
            }
            return path;
        }

        /**
         * @param model which models the executors load (default: the published weights from each
         *     node's Hugging Face cache, downloaded if missing)
         * @return this builder
         */
        public Builder model(ModelSpec model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * @param devicePolicy where each task runs the models: {@value TaskDevice#TASK} (default:
         *     the GPU Spark assigned to the task, else the CPU), "cpu", "auto", "gpu" or "gpu:N"
         * @return this builder
         */
        public Builder devicePolicy(String devicePolicy) {
            TaskDevice.check(devicePolicy);
            this.devicePolicy = devicePolicy;
            return this;
        }

        /**
         * @param acceptDamaged whether images the decoder reports as truncated or corrupt are
         *     processed as decoded, reported in the damage column (default: they fail, since a face in
         *     the damaged part could go undetected)
         * @return this builder
         */
        public Builder acceptDamaged(boolean acceptDamaged) {
            this.acceptDamaged = acceptDamaged;
            return this;
        }

        /**
         * @param outputFormat the format of every result ("png", "jpg"); null or empty for each
         *     input's own, by its extension
         * @return this builder
         */
        public Builder outputFormat(String outputFormat) {
            this.outputFormat = outputFormat == null || outputFormat.isEmpty() ? null
                    : outputFormat.toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        /**
         * @param imageRoot the directory the images were read from: their names, from which their
         *     seeds derive, are their paths relative to it ({@link ImageNames}); null or empty for
         *     whole paths
         * @return this builder
         */
        public Builder imageRoot(String imageRoot) {
            this.imageRoot = imageRoot == null || imageRoot.isEmpty() ? null : imageRoot;
            return this;
        }

        /**
         * @param image the bytes of the identity image of {@link Operation#SWAP} (with
         *     {@link #aligned}: an aligned crop)
         * @param name its name or path, for messages
         * @param facesJson its faces as JSON ({@link SuppliedFaces}), whose first is the identity;
         *     null to take the largest face the detector finds
         * @return this builder
         */
        public Builder identity(byte[] image, String name, String facesJson) {
            this.identityImage = Objects.requireNonNull(image, "image").clone();
            this.identityName = Objects.requireNonNull(name, "name");
            this.identityFaces = facesJson == null || facesJson.isBlank() ? null : facesJson;
            return this;
        }

        /**
         * @param pathCol the column of the images' paths (default "path")
         * @param contentCol the column of their bytes (default "content")
         * @param facesCol the column of their faces ({@link FacesColumn}); null to detect them
         * @return this builder
         */
        public Builder columns(String pathCol, String contentCol, String facesCol) {
            this.pathCol = Objects.requireNonNull(pathCol, "pathCol");
            this.contentCol = Objects.requireNonNull(contentCol, "contentCol");
            this.facesCol = facesCol == null || facesCol.isEmpty() ? null : facesCol;
            return this;
        }

        /**
         * @return the job
         * @throws IllegalArgumentException naming the setting if a value is out of range, the
         *     output format cannot be written, a swap has no identity image, the identity image or
         *     its faces are unusable, or the tiny-random model (which has no detector) has neither a
         *     faces column nor aligned crops
         */
        public AnonymizationJob build() {
            AnonymizationJob job = new AnonymizationJob(this);
            job.diffusionConfig();
            if (outputFormat != null && !dev.faceanon.batch.ImageEncoder.canWrite(outputFormat)) {
                throw new IllegalArgumentException("outputFormat: cannot write '" + outputFormat
                        + "' images; use png or jpg");
            }
            boolean detects = facesCol == null && !aligned;
            boolean detectsReferences = keepDirectory != null && keepFaces == null;
            if (operation == Operation.SWAP) {
                if (identityImage == null) {
                    throw new IllegalArgumentException("a swap needs the identity image: set it with identity(...)");
                }
                try {
                    job.decoder().decode(identityImage, identityName);
                    if (identityFaces != null) {
                        SuppliedFaces.parse(identityFaces, "the faces of the identity image " + identityName);
                    }
                } catch (dev.faceanon.FaceAnonException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                detects |= identityFaces == null && !aligned;
            }
            if ((detects || detectsReferences) && model.variant() == ModelVariant.TINY_RANDOM
                    && operation != Operation.REDACT) {
                throw new IllegalArgumentException("the tiny-random model comes without a face detector: give the"
                        + " faces (a faces column" + (operation == Operation.SWAP ? ", the identity's faces" : "")
                        + (detectsReferences ? ", keepFaces for the keep gallery" : "") + "), or process aligned"
                        + " crops");
            }
            return job;
        }
    }
}
