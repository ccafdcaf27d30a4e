package dev.faceanon.djl.model;

import java.util.List;

/**
 * Every file the pipeline reads from the published repositories, where it lives and what it is for.
 * Weight files list the accepted names in order of preference.
 */
public enum ModelFile {
    /** {@code unet/config.json} of face-anon-simple. */
    UNET_CONFIG(ModelRepository.FACE_ANON_SIMPLE, "unet", "denoising UNet config", Names.CONFIG),
    /** {@code unet/diffusion_pytorch_model.*} of face-anon-simple. */
    UNET_WEIGHTS(ModelRepository.FACE_ANON_SIMPLE, "unet", "denoising UNet weights", Names.DIFFUSERS_WEIGHTS),
    /** {@code referencenet/config.json} of face-anon-simple. */
    REFERENCENET_CONFIG(ModelRepository.FACE_ANON_SIMPLE, "referencenet", "source ReferenceNet config",
            Names.CONFIG),
    /** {@code referencenet/diffusion_pytorch_model.*} of face-anon-simple. */
    REFERENCENET_WEIGHTS(ModelRepository.FACE_ANON_SIMPLE, "referencenet", "source ReferenceNet weights",
            Names.DIFFUSERS_WEIGHTS),
    /** {@code conditioning_referencenet/config.json} of face-anon-simple. */
    CONDITIONING_REFERENCENET_CONFIG(ModelRepository.FACE_ANON_SIMPLE, "conditioning_referencenet",
            "conditioning ReferenceNet config", Names.CONFIG),
    /** {@code conditioning_referencenet/diffusion_pytorch_model.*} of face-anon-simple. */
    CONDITIONING_REFERENCENET_WEIGHTS(ModelRepository.FACE_ANON_SIMPLE, "conditioning_referencenet",
            "conditioning ReferenceNet weights", Names.DIFFUSERS_WEIGHTS),
    /** {@code vae/config.json} of SD-2.1. */
    VAE_CONFIG(ModelRepository.STABLE_DIFFUSION_2_1, "vae", "VAE config", Names.CONFIG),
    /** {@code vae/diffusion_pytorch_model.*} of SD-2.1. */
    VAE_WEIGHTS(ModelRepository.STABLE_DIFFUSION_2_1, "vae", "VAE weights", Names.DIFFUSERS_WEIGHTS),
    /** {@code scheduler/scheduler_config.json} of SD-2.1. */
    SCHEDULER_CONFIG(ModelRepository.STABLE_DIFFUSION_2_1, "scheduler", "noise scheduler config",
            List.of("scheduler_config.json")),
    /** {@code config.json} of clip-vit-large-patch14 (a full CLIPConfig). */
    CLIP_CONFIG(ModelRepository.CLIP_VIT_LARGE_PATCH14, "", "CLIP image encoder config", Names.CONFIG),
    /** {@code preprocessor_config.json} of clip-vit-large-patch14. */
    CLIP_PREPROCESSOR_CONFIG(ModelRepository.CLIP_VIT_LARGE_PATCH14, "", "CLIP image preprocessor config",
            List.of("preprocessor_config.json")),
    /** {@code model.safetensors} (or equivalent) of clip-vit-large-patch14: a full CLIPModel checkpoint. */
    CLIP_WEIGHTS(ModelRepository.CLIP_VIT_LARGE_PATCH14, "", "CLIP image encoder weights",
            List.of("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin"));

    /** File names shared by several entries (an enum cannot refer to its own static fields in constructors). */
    private static final class Names {
        static final List<String> CONFIG = List.of("config.json");
        static final List<String> DIFFUSERS_WEIGHTS = List.of("diffusion_pytorch_model.safetensors",
                "diffusion_pytorch_model.safetensors.index.json", "diffusion_pytorch_model.bin");
    }

    private final ModelRepository repository;
    private final String subfolder;
    private final String role;
    private final List<String> fileNames;

    ModelFile(ModelRepository repository, String subfolder, String role, List<String> fileNames) {
        this.repository = repository;
        this.subfolder = subfolder;
        this.role = role;
        this.fileNames = fileNames;
    }

    /** @return the repository holding the file */
    public ModelRepository repository() {
        return repository;
    }

    /** @return the folder inside the repository, or "" for its top level */
    public String subfolder() {
        return subfolder;
    }

    /** @return the accepted file names, most preferred first */
    public List<String> fileNames() {
        return fileNames;
    }

    /** @return whether this is a weight file (as opposed to a JSON config) */
    public boolean isWeights() {
        return WeightFileFormat.ofFileName(fileNames.get(0)).isPresent();
    }

    /** @return the preferred file's path inside the repository, e.g. {@code unet/config.json} */
    public String relativePath() {
        return subfolder.isEmpty() ? fileNames.get(0) : subfolder + "/" + fileNames.get(0);
    }

    /**
     * @return what the file is for and where it comes from, e.g. "denoising UNet weights
     *     (hkung/face-anon-simple, subfolder unet; also accepted: ...)"
     */
    public String purpose() {
        StringBuilder sb = new StringBuilder(role).append(" (").append(repository.description());
        if (!subfolder.isEmpty()) {
            sb.append(", subfolder ").append(subfolder);
        }
        if (fileNames.size() > 1) {
            sb.append("; also accepted: ").append(String.join(" or ", fileNames.subList(1, fileNames.size())));
        }
        return sb.append(')').toString();
    }
}
