package dev.faceanon.djl.model;

import dev.faceanon.djl.config.ClipPreprocessorConfig;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.config.SchedulerConfig;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.model.ModelFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the model files are: the three published repositories as they are on disk (a
 * {@code git clone}, a {@code huggingface-cli download --local-dir}, or a hub-cache snapshot
 * directory), read as they are, without conversion.
 *
 * <p>Expected tree, with the directory names {@link #fromRoot} assumes (each repository directory
 * can also be given separately through {@link #builder()}):
 *
 * <pre>
 * models/
 *   face-anon-simple/               hkung/face-anon-simple
 *     unet/config.json
 *     unet/diffusion_pytorch_model.safetensors
 *     referencenet/config.json
 *     referencenet/diffusion_pytorch_model.safetensors
 *     conditioning_referencenet/config.json
 *     conditioning_referencenet/diffusion_pytorch_model.safetensors
 *   stable-diffusion-2-1/           stabilityai/stable-diffusion-2-1 (or a mirror with the same files)
 *     vae/config.json
 *     vae/diffusion_pytorch_model.safetensors
 *     scheduler/scheduler_config.json
 *   clip-vit-large-patch14/         openai/clip-vit-large-patch14
 *     config.json                   (a full CLIPConfig; its vision_config is used)
 *     preprocessor_config.json
 *     model.safetensors             (the full CLIPModel; only vision_model.* is used)
 * </pre>
 *
 * <p>Instead of a weight file named {@code X.safetensors}, a sharded checkpoint's
 * {@code X.safetensors.index.json} or a PyTorch {@code .bin} ({@code diffusion_pytorch_model.bin},
 * {@code pytorch_model.bin}) is accepted, in that order of preference; see
 * {@link ModelFile#fileNames()}. Half-precision variants ({@code *.fp16.safetensors}) are not
 * looked for. Other files in the directories (the SD-2.1 UNet and text encoder, the tokenizer, READMEs)
 * are ignored. Symbolic links are followed, so hub-cache snapshots work.
 *
 * <p>Building a layout touches no file. Each accessor looks its file up when called;
 * {@link #validate()} checks every file at once. Instances are immutable.
 */
public final class ModelLayout {

    private final Map<ModelRepository, Path> directories;

    private ModelLayout(Map<ModelRepository, Path> directories) {
        this.directories = directories;
    }

    /** @return a builder; give a root, or each repository's directory, or a root and some overrides */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A layout with all three repositories under one root, in the directories named by
     * {@link ModelRepository#directoryName()}.
     *
     * @param root the model root
     * @return the layout
     */
    public static ModelLayout fromRoot(Path root) {
        return builder().root(root).build();
    }

    /**
     * @param repository a repository
     * @return the directory it is expected in
     */
    public Path directory(ModelRepository repository) {
        return directories.get(repository);
    }

    /**
     * @param file a model file
     * @return where its preferred name is expected (whether or not it exists)
     */
    public Path expectedPath(ModelFile file) {
        return folder(file).resolve(file.fileNames().get(0));
    }

    private Path folder(ModelFile file) {
        Path dir = directory(file.repository());
        return file.subfolder().isEmpty() ? dir : dir.resolve(file.subfolder());
    }

    /**
     * Finds a model file: the first of its accepted names that exists.
     *
     * @param file the model file
     * @return its path
     * @throws MissingModelFileException if none of its names exists, naming the preferred path and
     *     what the file is for
     * @throws ModelFileException if a name exists but is not a regular file (e.g. a directory)
     */
    public Path resolve(ModelFile file) {
        Path folder = folder(file);
        for (String name : file.fileNames()) {
            Path candidate = folder.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            if (Files.exists(candidate)) {
                throw new ModelFileException(candidate, "is not a regular file; expected the " + file.purpose());
            }
        }
        throw new MissingModelFileException(expectedPath(file), file.purpose());
    }

    /**
     * Checks that every file the pipeline needs is present, without reading them.
     *
     * @return every problem found, in {@link ModelFile} order; empty if the layout is complete
     */
    public List<ModelFileException> problems() {
        List<ModelFileException> problems = new ArrayList<>();
        for (ModelFile file : ModelFile.values()) {
            try {
                resolve(file);
            } catch (ModelFileException e) {
                problems.add(e);
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Checks that every file the pipeline needs is present, and reports all that are not at once.
     * Only presence is checked; the files are parsed by the accessors.
     *
     * @throws ModelLayoutException listing every missing or unusable file, and every repository
     *     directory that does not exist
     */
    public void validate() {
        List<ModelFileException> problems = problems();
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder()
                .append(problems.size()).append(" of ").append(ModelFile.values().length)
                .append(" model files are missing or unusable:");
        for (ModelRepository repository : ModelRepository.values()) {
            if (!Files.isDirectory(directory(repository))) {
                message.append("\n  - directory ").append(directory(repository)).append(" for ")
                        .append(repository.description()).append(" does not exist");
            }
        }
        for (ModelFileException problem : problems) {
            message.append("\n  - ").append(problem.getMessage());
        }
        Path first = directory(repositoryOf(problems.get(0)));
        throw new ModelLayoutException(first, message.toString(), problems);
    }

    private ModelRepository repositoryOf(ModelFileException problem) {
        for (ModelRepository repository : ModelRepository.values()) {
            if (problem.file().startsWith(directory(repository))) {
                return repository;
            }
        }
        return ModelRepository.FACE_ANON_SIMPLE;
    }

    /**
     * @param file a weight file entry
     * @return the file found and its form
     * @throws IllegalArgumentException if {@code file} is a config entry
     * @throws MissingModelFileException if none of its accepted names exists
     */
    public WeightFile weights(ModelFile file) {
        if (!file.isWeights()) {
            throw new IllegalArgumentException(file + " is not a weight file");
        }
        Path path = resolve(file);
        WeightFileFormat format = WeightFileFormat.ofFileName(path.getFileName().toString())
                .orElseThrow(() -> new IllegalStateException("unrecognised weight file name " + path));
        return new WeightFile(path, format);
    }

    /**
     * @return the denoising UNet config ({@code unet/config.json} of face-anon-simple)
     * @throws MissingModelFileException if the file is missing
     * @throws ModelConfigException if it is invalid
     */
    public UNetConfig unetConfig() {
        return UNetConfig.read(resolve(ModelFile.UNET_CONFIG));
    }

    /**
     * @return the source ReferenceNet config ({@code referencenet/config.json})
     * @throws MissingModelFileException if the file is missing
     * @throws ModelConfigException if it is invalid
     */
    public UNetConfig referenceNetConfig() {
        return UNetConfig.read(resolve(ModelFile.REFERENCENET_CONFIG));
    }

    /**
     * @return the conditioning ReferenceNet config ({@code conditioning_referencenet/config.json})
     * @throws MissingModelFileException if the file is missing
     * @throws ModelConfigException if it is invalid
     */
    public UNetConfig conditioningReferenceNetConfig() {
        return UNetConfig.read(resolve(ModelFile.CONDITIONING_REFERENCENET_CONFIG));
    }

    /**
     * @return the VAE config ({@code vae/config.json} of SD-2.1)
     * @throws MissingModelFileException if the file is missing
     * @throws ModelConfigException if it is invalid
     */
    public VaeConfig vaeConfig() {
        return VaeConfig.read(resolve(ModelFile.VAE_CONFIG));
    }

    /**
     * @return the scheduler config ({@code scheduler/scheduler_config.json} of SD-2.1)
     * @throws MissingModelFileException if the file is missing
     * @throws ModelConfigException if it is invalid
     */
    public SchedulerConfig schedulerConfig() {
        return SchedulerConfig.read(resolve(ModelFile.SCHEDULER_CONFIG));
    }

    /**
     * @return the CLIP vision config (the {@code vision_config} of clip-vit-large-patch14's
     *     {@code config.json})
     * @throws MissingModelFileException if the file is missing
     * @throws ModelConfigException if it is invalid
     */
    public ClipVisionConfig clipVisionConfig() {
        return ClipVisionConfig.read(resolve(ModelFile.CLIP_CONFIG));
    }

    /**
     * @return the CLIP image preprocessor config ({@code preprocessor_config.json})
     * @throws MissingModelFileException if the file is missing
     * @throws ModelConfigException if it is invalid
     */
    public ClipPreprocessorConfig clipPreprocessorConfig() {
        return ClipPreprocessorConfig.read(resolve(ModelFile.CLIP_PREPROCESSOR_CONFIG));
    }

    /**
     * @return the denoising UNet weights
     * @throws MissingModelFileException if no accepted weight file exists
     */
    public WeightFile unetWeights() {
        return weights(ModelFile.UNET_WEIGHTS);
    }

    /**
     * @return the source ReferenceNet weights
     * @throws MissingModelFileException if no accepted weight file exists
     */
    public WeightFile referenceNetWeights() {
        return weights(ModelFile.REFERENCENET_WEIGHTS);
    }

    /**
     * @return the conditioning ReferenceNet weights
     * @throws MissingModelFileException if no accepted weight file exists
     */
    public WeightFile conditioningReferenceNetWeights() {
        return weights(ModelFile.CONDITIONING_REFERENCENET_WEIGHTS);
    }

    /**
     * @return the VAE weights
     * @throws MissingModelFileException if no accepted weight file exists
     */
    public WeightFile vaeWeights() {
        return weights(ModelFile.VAE_WEIGHTS);
    }

    /**
     * @return the CLIP weights (a full CLIPModel checkpoint; the reader keeps {@code vision_model.*})
     * @throws MissingModelFileException if no accepted weight file exists
     */
    public WeightFile clipWeights() {
        return weights(ModelFile.CLIP_WEIGHTS);
    }

    @Override
    public String toString() {
        return "ModelLayout" + directories;
    }

    /**
     * Collects the repository directories. A directory given explicitly wins over the one derived
     * from the root.
     */
    public static final class Builder {
        private Path root;
        private final Map<ModelRepository, Path> explicit = new EnumMap<>(ModelRepository.class);

        private Builder() {
        }

        /**
         * @param root a directory holding the repositories under their {@link ModelRepository#directoryName()}
         * @return this builder
         */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * @param dir the hkung/face-anon-simple directory (holding unet/, referencenet/, conditioning_referencenet/)
         * @return this builder
         */
        public Builder faceAnonDir(Path dir) {
            return directory(ModelRepository.FACE_ANON_SIMPLE, dir);
        }

        /**
         * @param dir the stable-diffusion-2-1 directory or a mirror's (holding vae/ and scheduler/)
         * @return this builder
         */
        public Builder stableDiffusionDir(Path dir) {
            return directory(ModelRepository.STABLE_DIFFUSION_2_1, dir);
        }

        /**
         * @param dir the openai/clip-vit-large-patch14 directory
         * @return this builder
         */
        public Builder clipDir(Path dir) {
            return directory(ModelRepository.CLIP_VIT_LARGE_PATCH14, dir);
        }

        /**
         * @param repository a repository
         * @param dir its directory
         * @return this builder
         */
        public Builder directory(ModelRepository repository, Path dir) {
            explicit.put(Objects.requireNonNull(repository, "repository"), Objects.requireNonNull(dir, "dir"));
            return this;
        }

        /**
         * @return the layout
         * @throws IllegalStateException if a repository has neither its own directory nor a root
         */
        public ModelLayout build() {
            Map<ModelRepository, Path> dirs = new EnumMap<>(ModelRepository.class);
            for (ModelRepository repository : ModelRepository.values()) {
                Path dir = explicit.get(repository);
                if (dir == null && root != null) {
                    dir = root.resolve(repository.directoryName());
                }
                if (dir == null) {
                    throw new IllegalStateException("no directory for " + repository.hubId()
                            + ": give it explicitly or give a root holding " + repository.directoryName() + "/");
                }
                dirs.put(repository, dir);
            }
            return new ModelLayout(dirs);
        }
    }
}
