package dev.faceanon.djl.hub;

import java.util.List;
import java.util.Map;

/**
 * Exactly which published files the library needs, and what each is for. docs/models.md lists the
 * same files with their sizes, sources and licences.
 */
public final class ModelFiles {
    /** The face-anonymization weights: the denoising UNet and the two ReferenceNets. */
    public static final String FACE_ANON_REPO = "hkung/face-anon-simple";
    /** Stable Diffusion 2.1, for its VAE and scheduler configuration. May be replaced by a mirror. */
    public static final String SD21_REPO = "stabilityai/stable-diffusion-2-1";
    /** The CLIP image encoder; only its vision tower is used. */
    public static final String CLIP_REPO = "openai/clip-vit-large-patch14";
    /** The CLIP weights file, of which only the {@link #CLIP_VISION_PREFIX} tensors are needed. */
    public static final String CLIP_WEIGHTS = "model.safetensors";
    /** Name prefix of the CLIP vision-tower tensors. */
    public static final String CLIP_VISION_PREFIX = "vision_model.";

    /** Files of {@link #FACE_ANON_REPO}, with their purpose. */
    public static final Map<String, String> FACE_ANON = ordered(
            "unet/config.json", "denoising UNet configuration (" + FACE_ANON_REPO + ")",
            "unet/diffusion_pytorch_model.safetensors", "denoising UNet weights (" + FACE_ANON_REPO + ")",
            "referencenet/config.json", "source ReferenceNet configuration (" + FACE_ANON_REPO + ")",
            "referencenet/diffusion_pytorch_model.safetensors", "source ReferenceNet weights (" + FACE_ANON_REPO + ")",
            "conditioning_referencenet/config.json", "conditioning ReferenceNet configuration (" + FACE_ANON_REPO + ")",
            "conditioning_referencenet/diffusion_pytorch_model.safetensors",
            "conditioning ReferenceNet weights (" + FACE_ANON_REPO + ")");

    /** Files of the SD-2.1 repository, with their purpose. */
    public static final Map<String, String> SD21 = ordered(
            "vae/config.json", "VAE configuration (Stable Diffusion 2.1)",
            "vae/diffusion_pytorch_model.safetensors", "VAE weights (Stable Diffusion 2.1)",
            "scheduler/scheduler_config.json", "noise schedule configuration (Stable Diffusion 2.1)");

    /** Files of {@link #CLIP_REPO}, with their purpose. */
    public static final Map<String, String> CLIP = ordered(
            "config.json", "CLIP configuration (" + CLIP_REPO + ")",
            "preprocessor_config.json", "CLIP image preprocessing configuration (" + CLIP_REPO + ")",
            CLIP_WEIGHTS, "CLIP weights, vision tower used (" + CLIP_REPO + ")");

    /** The S3FD face detector weights, as face-alignment 1.4.1 fetches them. */
    public static final UrlArtifact S3FD = new UrlArtifact("s3fd-619a316812.pth", "619a316812",
            "S3FD face detector weights (face-alignment)");
    /** The 2D-FAN-4 landmark network (TorchScript), as face-alignment 1.4.1 fetches it. */
    public static final UrlArtifact FAN = new UrlArtifact("2DFAN4-cd938726ad.zip", "cd938726ad",
            "2D-FAN-4 landmark network (face-alignment)");
    /** Both detector files. */
    public static final List<UrlArtifact> DETECTORS = List.of(S3FD, FAN);

    private ModelFiles() {}

    private static Map<String, String> ordered(String... pairs) {
        java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
