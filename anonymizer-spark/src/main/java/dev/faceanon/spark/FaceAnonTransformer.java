package dev.faceanon.spark;

import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import dev.faceanon.align.PasteMode;
import dev.faceanon.batch.IdentityMode;
import dev.faceanon.batch.RedactionMethod;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.IdentityCheck;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import dev.faceanon.sampling.SamplerKind;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Face anonymization as a Spark ML stage: a {@link Transformer} over images as Spark's
 * {@code binaryFile} source reads them ({@code path}, {@code content}), usable alone or in a
 * {@link org.apache.spark.ml.Pipeline}, and saved and loaded with it. Each setting is a
 * {@link Param}; {@link #transform} builds an {@link AnonymizationJob} from them and applies it,
 * adding the result columns ({@link ResultColumns}) to every row.
 *
 * <pre>{@code
 * Dataset<Row> photos = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(in);
 * Dataset<Row> results = new FaceAnonTransformer().setImageRoot(in).setJobSeed(42).transform(photos);
 * }</pre>
 *
 * <p>The job seed defaults to a random value drawn when the transformer is made: it is kept by
 * {@link #copy}, by saving and by loading, so that one transformer always writes the same bytes.
 */
public final class FaceAnonTransformer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;

    private final Param<String> operation;
    private final BooleanParam aligned;
    private final Param<String> sampler;
    private final IntParam steps;
    private final DoubleParam guidanceScale;
    private final DoubleParam anonymizationDegree;
    private final LongParam jobSeed;
    private final Param<String> fallback;
    private final Param<String> pasteMode;
    private final Param<String> redaction;
    private final IntParam pixelateCells;
    private final DoubleParam blurSigma;
    private final Param<String> identityCheck;
    private final DoubleParam identityThreshold;
    private final IntParam identityRetries;
    private final Param<String> keepDirectory;
    private final Param<String> keepFaces;
    private final DoubleParam keepThreshold;
    private final Param<String> model;
    private final Param<String> modelDirectory;
    private final BooleanParam offline;
    private final Param<String> precision;
    private final IntParam imageSize;
    private final IntParam detectionSize;
    private final Param<String> devicePolicy;
    private final BooleanParam acceptDamaged;
    private final Param<String> outputFormat;
    private final Param<String> imageRoot;
    private final Param<String> identityPath;
    private final Param<String> identityFaces;
    private final Param<String> pathCol;
    private final Param<String> contentCol;
    private final Param<String> facesCol;

    /** A transformer with the defaults: anonymize with the published weights, a random job seed. */
    public FaceAnonTransformer() {
        this(Identifiable$.MODULE$.randomUID("faceAnon"));
    }

    /**
     * @param uid the stage's identifier (as Spark's persistence gives it back)
     */
    public FaceAnonTransformer(String uid) {
        this.uid = uid;
        operation = choice("operation", "anonymize, swap or redact", names(AnonymizationJob.Operation.values()));
        aligned = new BooleanParam(this, "aligned", "whether the images are aligned face crops (no detection)");
        sampler = choice("sampler", "DPM_SOLVER_PP_2M, DDIM or DDPM", names(SamplerKind.values()));
        steps = new IntParam(this, "steps", "denoising steps; 0 for the sampler's recommended count",
                ParamValidators.inRange(0, dev.faceanon.DiffusionConfig.MAX_STEPS));
        guidanceScale = new DoubleParam(this, "guidanceScale", "classifier-free guidance scale",
                ParamValidators.inRange(0, dev.faceanon.DiffusionConfig.MAX_GUIDANCE_SCALE));
        anonymizationDegree = new DoubleParam(this, "anonymizationDegree", "anonymization degree (1.25: the paper's)",
                ParamValidators.inRange(0, dev.faceanon.DiffusionConfig.MAX_ANONYMIZATION_DEGREE));
        jobSeed = new LongParam(this, "jobSeed", "the seed each image's seed derives from, with its name");
        fallback = choice("fallback", "redaction of a face that cannot be anonymized: black, blur or pixelate",
                names(RedactionMethod.values()));
        pasteMode = choice("pasteMode", "feathered or hard (the official paste)", names(PasteMode.values()));
        redaction = choice("redaction", "the redact operation's method: blur, pixelate or black",
                names(RedactionMethod.values()));
        pixelateCells = new IntParam(this, "pixelateCells", "pixelate (the redaction's or anonymize's fallback):"
                + " cells across each face; fewer hide more", ParamValidators.inRange(Pixelate.MIN_CELLS_ACROSS_FACE,
                        Pixelate.MAX_CELLS_ACROSS_FACE));
        blurSigma = new DoubleParam(this, "blurSigma", "blur (the redaction's or anonymize's fallback): the"
                + " Gaussian's sigma as a fraction of each face's size; larger hides more",
                ParamValidators.inRange(GaussianBlur.MIN_SIGMA_PER_FACE, GaussianBlur.MAX_SIGMA_PER_FACE));
        identityCheck = new Param<>(this, "identityCheck", "fail-closed (anonymize only), audit or off; empty for the"
                + " operation's default (fail-closed for anonymize, audit for swap and redact)",
                ParamValidators.inArray(identityModes()));
        identityThreshold = new DoubleParam(this, "identityThreshold", "descriptor distance under which an output"
                + " face still counts as its input", ParamValidators.gt(0));
        identityRetries = new IntParam(this, "identityRetries", "fail-closed: further generations of a face that"
                + " still matches its input before it is redacted", ParamValidators.inRange(0,
                        IdentityCheck.MAX_RETRIES));
        keepDirectory = new Param<>(this, "keepDirectory", "directory of reference photos whose faces are left as"
                + " they are, a local path with the same content on every executor; empty for none");
        keepFaces = new Param<>(this, "keepFaces", "faces file on every executor listing the reference photos by"
                + " their path under keepDirectory; empty to detect their faces");
        keepThreshold = new DoubleParam(this, "keepThreshold", "descriptor distance under which a face matches a"
                + " reference photo", ParamValidators.gt(0));
        model = choice("model", "published or tiny-random", names(ModelVariant.values()));
        modelDirectory = new Param<>(this, "modelDirectory", "directory of the model repositories on every executor;"
                + " empty for each node's Hugging Face cache");
        offline = new BooleanParam(this, "offline", "never download model files");
        precision = choice("precision", "auto, float32 or float16", names(Precision.values()));
        imageSize = new IntParam(this, "imageSize", "generation side in pixels; 0 for the model's",
                ParamValidators.inRange(0, 2048));
        detectionSize = new IntParam(this, "detectionSize", "longest side the face detector sees",
                ParamValidators.inRange(64, 16384));
        devicePolicy = new Param<>(this, "devicePolicy", "task (the GPU Spark assigned to the task, else the CPU),"
                + " cpu, auto, gpu or gpu:N");
        acceptDamaged = new BooleanParam(this, "acceptDamaged", "process images the decoder reports as damaged");
        outputFormat = new Param<>(this, "outputFormat", "format of every result (png, jpg); empty for the input's");
        imageRoot = new Param<>(this, "imageRoot", "directory the images were read from; names and seeds are"
                + " relative to it");
        identityPath = new Param<>(this, "identityPath", "the identity image of a swap, read by the driver");
        identityFaces = new Param<>(this, "identityFaces", "JSON of the identity image's faces (the first is the"
                + " identity); empty to detect it");
        pathCol = new Param<>(this, "pathCol", "column of the images' paths");
        contentCol = new Param<>(this, "contentCol", "column of the images' bytes");
        facesCol = new Param<>(this, "facesCol", "column of the caller's faces; empty to detect them");

        AnonymizationJob defaults = AnonymizationJob.builder().build();
        setDefault(operation, "anonymize");
        setDefault(aligned, false);
        setDefault(sampler, name(SamplerKind.DPM_SOLVER_PP_2M));
        setDefault(steps, 0);
        setDefault(guidanceScale, defaults.diffusionConfig().guidanceScale());
        setDefault(anonymizationDegree, defaults.diffusionConfig().anonymizationDegree());
        setDefault(jobSeed, new SecureRandom().nextLong());
        setDefault(fallback, name(defaults.fallback().method()));
        setDefault(pasteMode, name(PasteMode.FEATHERED));
        setDefault(redaction, name(defaults.redaction().method()));
        setDefault(pixelateCells, Pixelate.DEFAULT_CELLS_ACROSS_FACE);
        setDefault(blurSigma, GaussianBlur.DEFAULT_SIGMA_PER_FACE);
        setDefault(identityCheck, "");
        setDefault(identityThreshold, FaceRecognizer.DEFAULT_MATCH_THRESHOLD);
        setDefault(identityRetries, IdentityCheck.DEFAULT_RETRIES);
        setDefault(keepDirectory, "");
        setDefault(keepFaces, "");
        setDefault(keepThreshold, FaceRecognizer.DEFAULT_MATCH_THRESHOLD);
        setDefault(model, name(ModelVariant.PUBLISHED));
        setDefault(modelDirectory, "");
        setDefault(offline, false);
        setDefault(precision, name(Precision.AUTO));
        setDefault(imageSize, 0);
        setDefault(detectionSize, ModelOptions.DEFAULT_DETECTION_SIZE);
        setDefault(devicePolicy, TaskDevice.TASK);
        setDefault(acceptDamaged, false);
        setDefault(outputFormat, "");
        setDefault(imageRoot, "");
        setDefault(identityPath, "");
        setDefault(identityFaces, "");
        setDefault(pathCol, "path");
        setDefault(contentCol, "content");
        setDefault(facesCol, "");
    }

    /** @return the reader Spark's persistence loads saved transformers with */
    public static MLReader<FaceAnonTransformer> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * @param path where a transformer (or a pipeline stage) was saved
     * @return the transformer
     */
    public static FaceAnonTransformer load(String path) {
        return read().load(path);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public FaceAnonTransformer copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return ResultColumns.outputSchema(schema, getOrDefault(pathCol), getOrDefault(contentCol), optional(facesCol));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> images) {
        transformSchema(images.schema());
        return job(images).apply(images);
    }

    /**
     * @param images the images, whose session reads the identity image of a swap
     * @return the job these parameters describe
     * @throws IllegalArgumentException naming the parameter if a value is unusable
     */
    AnonymizationJob job(Dataset<?> images) {
        AnonymizationJob.Builder b = AnonymizationJob.builder()
                .operation(AnonymizationJob.Operation.valueOf(constant(operation)))
                .aligned((Boolean) getOrDefault(aligned))
                .sampling(SamplerKind.valueOf(constant(sampler)), (Integer) getOrDefault(steps))
                .guidanceScale((Double) getOrDefault(guidanceScale))
                .anonymizationDegree((Double) getOrDefault(anonymizationDegree))
                .jobSeed((Long) getOrDefault(jobSeed))
                .fallback(RedactionMethod.valueOf(constant(fallback)))
                .pasteMode(PasteMode.valueOf(constant(pasteMode)))
                .redaction(RedactionMethod.valueOf(constant(redaction)))
                // A strength applies to one method: only one the caller set is checked against the method in use.
                .redactionStrength(isSet(pixelateCells) ? (Integer) getOrDefault(pixelateCells) : null,
                        isSet(blurSigma) ? (Double) getOrDefault(blurSigma) : null)
                .identityCheck(optional(identityCheck) == null ? null : IdentityMode.parse(optional(identityCheck)),
                        (Double) getOrDefault(identityThreshold), (Integer) getOrDefault(identityRetries))
                .keep(optional(keepDirectory), optional(keepFaces), (Double) getOrDefault(keepThreshold))
                .model(new ModelSpec(ModelVariant.valueOf(constant(model)), optional(modelDirectory),
                        !(Boolean) getOrDefault(offline), Precision.valueOf(constant(precision)),
                        (Integer) getOrDefault(imageSize), (Integer) getOrDefault(detectionSize)))
                .devicePolicy(getOrDefault(devicePolicy))
                .acceptDamaged((Boolean) getOrDefault(acceptDamaged))
                .outputFormat(getOrDefault(outputFormat))
                .imageRoot(getOrDefault(imageRoot))
                .columns(getOrDefault(pathCol), getOrDefault(contentCol), optional(facesCol));
        String identity = optional(identityPath);
        if (identity != null) {
            b.identity(IdentityImage.read(images.sparkSession(), identity), identity, optional(identityFaces));
        }
        return b.build();
    }

    private static List<String> identityModes() {
        List<String> modes = new java.util.ArrayList<>(List.of(""));
        for (IdentityMode m : IdentityMode.values()) {
            modes.add(m.toString());
        }
        return modes;
    }

    private Param<String> choice(String name, String doc, List<String> allowed) {
        return new Param<>(this, name, doc, ParamValidators.inArray(allowed));
    }

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(FaceAnonTransformer::name).toList();
    }

    /** The parameter value of a constant: its name in lower case, words joined by '-' (tiny-random). */
    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private String constant(Param<String> param) {
        return getOrDefault(param).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private String optional(Param<String> param) {
        String value = getOrDefault(param);
        return value.isEmpty() ? null : value;
    }

    /** @return what is done to the faces: anonymize, swap or redact (default anonymize) */
    public Param<String> operation() {
        return operation;
    }

    /**
     * @param value anonymize, swap or redact
     * @return this transformer
     */
    public FaceAnonTransformer setOperation(String value) {
        set(operation, value);
        return this;
    }

    /** @return whether the images are aligned face crops (default false) */
    public BooleanParam aligned() {
        return aligned;
    }

    /**
     * @param value whether the images are aligned face crops, each generated whole
     * @return this transformer
     */
    public FaceAnonTransformer setAligned(boolean value) {
        set(aligned, value);
        return this;
    }

    /** @return the sampler: dpm-solver-pp-2m (default), ddim or ddpm */
    public Param<String> sampler() {
        return sampler;
    }

    /**
     * @param value dpm-solver-pp-2m, ddim or ddpm
     * @return this transformer
     */
    public FaceAnonTransformer setSampler(String value) {
        set(sampler, value);
        return this;
    }

    /** @return the denoising steps; 0 (default) for the sampler's recommended count */
    public IntParam steps() {
        return steps;
    }

    /**
     * @param value denoising steps; 0 for the sampler's recommended count
     * @return this transformer
     */
    public FaceAnonTransformer setSteps(int value) {
        set(steps, value);
        return this;
    }

    /** @return the classifier-free guidance scale (default 4) */
    public DoubleParam guidanceScale() {
        return guidanceScale;
    }

    /**
     * @param value the classifier-free guidance scale
     * @return this transformer
     */
    public FaceAnonTransformer setGuidanceScale(double value) {
        set(guidanceScale, value);
        return this;
    }

    /** @return the anonymization degree (default 1.25) */
    public DoubleParam anonymizationDegree() {
        return anonymizationDegree;
    }

    /**
     * @param value the anonymization degree
     * @return this transformer
     */
    public FaceAnonTransformer setAnonymizationDegree(double value) {
        set(anonymizationDegree, value);
        return this;
    }

    /** @return the seed each image's seed derives from (default: random, drawn when the transformer was made) */
    public LongParam jobSeed() {
        return jobSeed;
    }

    /**
     * @param value the seed each image's seed derives from
     * @return this transformer
     */
    public FaceAnonTransformer setJobSeed(long value) {
        set(jobSeed, value);
        return this;
    }

    /** @return the redaction of a face that cannot be anonymized: black (default), blur or pixelate */
    public Param<String> fallback() {
        return fallback;
    }

    /**
     * @param value black, blur or pixelate
     * @return this transformer
     */
    public FaceAnonTransformer setFallback(String value) {
        set(fallback, value);
        return this;
    }

    /** @return how generated crops go back: feathered (default) or hard */
    public Param<String> pasteMode() {
        return pasteMode;
    }

    /**
     * @param value feathered or hard
     * @return this transformer
     */
    public FaceAnonTransformer setPasteMode(String value) {
        set(pasteMode, value);
        return this;
    }

    /** @return the redact operation's method: blur (default), pixelate or black */
    public Param<String> redaction() {
        return redaction;
    }

    /**
     * @param value blur, pixelate or black
     * @return this transformer
     */
    public FaceAnonTransformer setRedaction(String value) {
        set(redaction, value);
        return this;
    }

    /**
     * @return for pixelate (the redact operation's method, or anonymize's fallback): the cells across each face,
     *     {@value Pixelate#MIN_CELLS_ACROSS_FACE} to {@value Pixelate#MAX_CELLS_ACROSS_FACE} (default
     *     {@value Pixelate#DEFAULT_CELLS_ACROSS_FACE}); set for another method or a swap, it is refused
     */
    public IntParam pixelateCells() {
        return pixelateCells;
    }

    /**
     * @param value cells across each face of the mosaic; fewer hide more
     * @return this transformer
     */
    public FaceAnonTransformer setPixelateCells(int value) {
        set(pixelateCells, value);
        return this;
    }

    /**
     * @return for blur (the redact operation's method, or anonymize's fallback): the Gaussian's sigma as a fraction
     *     of each face's size, {@value GaussianBlur#MIN_SIGMA_PER_FACE} to {@value GaussianBlur#MAX_SIGMA_PER_FACE}
     *     (default {@value GaussianBlur#DEFAULT_SIGMA_PER_FACE}); set for another method or a swap, it is refused
     */
    public DoubleParam blurSigma() {
        return blurSigma;
    }

    /**
     * @param value the blur's sigma per face size; larger hides more
     * @return this transformer
     */
    public FaceAnonTransformer setBlurSigma(double value) {
        set(blurSigma, value);
        return this;
    }

    /**
     * @return how output faces are checked with the face recognizer: fail-closed (a generated face it still
     *     matches to its input is generated again, then redacted; anonymize only), audit (the distance is reported),
     *     off (no recognizer); empty (default) for the operation's: fail-closed for anonymize, audit otherwise
     */
    public Param<String> identityCheck() {
        return identityCheck;
    }

    /**
     * @param value fail-closed, audit or off; empty for the operation's default
     * @return this transformer
     */
    public FaceAnonTransformer setIdentityCheck(String value) {
        set(identityCheck, value);
        return this;
    }

    /** @return the descriptor distance under which an output face still counts as its input (default 0.6) */
    public DoubleParam identityThreshold() {
        return identityThreshold;
    }

    /**
     * @param value the match threshold of the identity check, positive
     * @return this transformer
     */
    public FaceAnonTransformer setIdentityThreshold(double value) {
        set(identityThreshold, value);
        return this;
    }

    /** @return with fail-closed, the further generations of a face that still matches its input (default 2) */
    public IntParam identityRetries() {
        return identityRetries;
    }

    /**
     * @param value further generations, each with the next seed, before the face is redacted; 0 to
     *     {@value IdentityCheck#MAX_RETRIES}
     * @return this transformer
     */
    public FaceAnonTransformer setIdentityRetries(int value) {
        set(identityRetries, value);
        return this;
    }

    /**
     * @return the keep gallery's directory of reference photos, whose faces are left as they are and reported as
     *     kept; a local path with the same content on every executor, read once per executor JVM and run; empty
     *     (default) for no gallery
     */
    public Param<String> keepDirectory() {
        return keepDirectory;
    }

    /**
     * @param value the directory of reference photos (people who consented to being shown)
     * @return this transformer
     */
    public FaceAnonTransformer setKeepDirectory(String value) {
        set(keepDirectory, value);
        return this;
    }

    /**
     * @return a faces file (the command line's {@code --faces} format) on every executor listing the reference
     *     photos by their path under the keep directory; empty (default) to detect their faces
     */
    public Param<String> keepFaces() {
        return keepFaces;
    }

    /**
     * @param value the faces file of the reference photos
     * @return this transformer
     */
    public FaceAnonTransformer setKeepFaces(String value) {
        set(keepFaces, value);
        return this;
    }

    /** @return the descriptor distance under which a face matches a reference photo (default 0.6) */
    public DoubleParam keepThreshold() {
        return keepThreshold;
    }

    /**
     * @param value the keep gallery's match threshold, positive
     * @return this transformer
     */
    public FaceAnonTransformer setKeepThreshold(double value) {
        set(keepThreshold, value);
        return this;
    }

    /** @return the model: published (default) or tiny-random */
    public Param<String> model() {
        return model;
    }

    /**
     * @param value published or tiny-random
     * @return this transformer
     */
    public FaceAnonTransformer setModel(String value) {
        set(model, value);
        return this;
    }

    /** @return the directory of the model repositories on every executor; empty (default) for the HF cache */
    public Param<String> modelDirectory() {
        return modelDirectory;
    }

    /**
     * @param value a directory with the same path on every executor
     * @return this transformer
     */
    public FaceAnonTransformer setModelDirectory(String value) {
        set(modelDirectory, value);
        return this;
    }

    /** @return whether executors never download model files (default false) */
    public BooleanParam offline() {
        return offline;
    }

    /**
     * @param value true to fail instead of downloading missing files
     * @return this transformer
     */
    public FaceAnonTransformer setOffline(boolean value) {
        set(offline, value);
        return this;
    }

    /** @return the precision: auto (default), float32 or float16 */
    public Param<String> precision() {
        return precision;
    }

    /**
     * @param value auto, float32 or float16
     * @return this transformer
     */
    public FaceAnonTransformer setPrecision(String value) {
        set(precision, value);
        return this;
    }

    /** @return the generation side; 0 (default) for the model's */
    public IntParam imageSize() {
        return imageSize;
    }

    /**
     * @param value the generation side, a multiple of 8 in [64, 2048]; 0 for the model's
     * @return this transformer
     */
    public FaceAnonTransformer setImageSize(int value) {
        set(imageSize, value);
        return this;
    }

    /** @return the longest side the face detector sees (default 1600) */
    public IntParam detectionSize() {
        return detectionSize;
    }

    /**
     * @param value the longest side the face detector sees, in [64, 16384]
     * @return this transformer
     */
    public FaceAnonTransformer setDetectionSize(int value) {
        set(detectionSize, value);
        return this;
    }

    /** @return where tasks run the models: task (default), cpu, auto, gpu or gpu:N ({@link TaskDevice}) */
    public Param<String> devicePolicy() {
        return devicePolicy;
    }

    /**
     * @param value task, cpu, auto, gpu or gpu:N
     * @return this transformer
     */
    public FaceAnonTransformer setDevicePolicy(String value) {
        TaskDevice.check(value);
        set(devicePolicy, value);
        return this;
    }

    /** @return whether images the decoder reports as damaged are processed as decoded (default false) */
    public BooleanParam acceptDamaged() {
        return acceptDamaged;
    }

    /**
     * @param value true to process damaged images as decoded, reported in the damage column
     * @return this transformer
     */
    public FaceAnonTransformer setAcceptDamaged(boolean value) {
        set(acceptDamaged, value);
        return this;
    }

    /** @return the format of every result; empty (default) for each input's */
    public Param<String> outputFormat() {
        return outputFormat;
    }

    /**
     * @param value png or jpg; empty for each input's format
     * @return this transformer
     */
    public FaceAnonTransformer setOutputFormat(String value) {
        set(outputFormat, value);
        return this;
    }

    /** @return the directory the images were read from; empty (default) to name images by their whole paths */
    public Param<String> imageRoot() {
        return imageRoot;
    }

    /**
     * @param value the directory the images were read from ({@link ImageNames})
     * @return this transformer
     */
    public FaceAnonTransformer setImageRoot(String value) {
        set(imageRoot, value);
        return this;
    }

    /** @return the identity image of a swap (a path the driver's Spark session reads) */
    public Param<String> identityPath() {
        return identityPath;
    }

    /**
     * @param value the identity image of a swap
     * @return this transformer
     */
    public FaceAnonTransformer setIdentityPath(String value) {
        set(identityPath, value);
        return this;
    }

    /** @return the JSON of the identity image's faces; empty (default) to detect the identity */
    public Param<String> identityFaces() {
        return identityFaces;
    }

    /**
     * @param value a JSON list of faces as a faces file gives one image; the first is the identity
     * @return this transformer
     */
    public FaceAnonTransformer setIdentityFaces(String value) {
        set(identityFaces, value);
        return this;
    }

    /** @return the column of the images' paths (default path) */
    public Param<String> pathCol() {
        return pathCol;
    }

    /**
     * @param value the column of the images' paths
     * @return this transformer
     */
    public FaceAnonTransformer setPathCol(String value) {
        set(pathCol, value);
        return this;
    }

    /** @return the column of the images' bytes (default content) */
    public Param<String> contentCol() {
        return contentCol;
    }

    /**
     * @param value the column of the images' bytes
     * @return this transformer
     */
    public FaceAnonTransformer setContentCol(String value) {
        set(contentCol, value);
        return this;
    }

    /** @return the column of the caller's faces ({@link FacesColumn}); empty (default) to detect them */
    public Param<String> facesCol() {
        return facesCol;
    }

    /**
     * @param value the column of the caller's faces
     * @return this transformer
     */
    public FaceAnonTransformer setFacesCol(String value) {
        set(facesCol, value);
        return this;
    }
}
