package dev.faceanon.djl.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which repositories (and revisions) to take the model files from. The defaults are the published
 * repositories at their {@code main} branch; pin a commit for reproducible runs, or replace the
 * SD-2.1 repository by a mirror if the original is unavailable.
 */
public final class ModelSourceConfig {
    /** Where face-alignment 1.4.1 downloads its detector files from. */
    public static final URI DEFAULT_DETECTOR_BASE_URL = URI.create("https://www.adrianbulat.com/downloads/python-fan/");

    private final RepoLocation faceAnon;
    private final RepoLocation sd21;
    private final RepoLocation clip;
    private final URI detectorBaseUrl;
    private final Path detectorDir;
    private final boolean clipPartialFetch;
    private final List<UrlArtifact> detectorFiles;

    private ModelSourceConfig(RepoLocation faceAnon, RepoLocation sd21, RepoLocation clip, URI detectorBaseUrl,
            Path detectorDir, boolean clipPartialFetch, List<UrlArtifact> detectorFiles) {
        this.faceAnon = Objects.requireNonNull(faceAnon, "faceAnon");
        this.sd21 = Objects.requireNonNull(sd21, "sd21");
        this.clip = Objects.requireNonNull(clip, "clip");
        String base = Objects.requireNonNull(detectorBaseUrl, "detectorBaseUrl").toString();
        this.detectorBaseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.detectorDir = detectorDir;
        this.clipPartialFetch = clipPartialFetch;
        this.detectorFiles = List.copyOf(detectorFiles);
        if (this.detectorFiles.size() != 2) {
            throw new IllegalArgumentException("need the detector and the landmark files");
        }
    }

    /** @return the published repositories at {@code main}, detectors from their published URL */
    public static ModelSourceConfig defaults() {
        return new ModelSourceConfig(RepoLocation.hub(ModelFiles.FACE_ANON_REPO),
                RepoLocation.hub(ModelFiles.SD21_REPO),
                RepoLocation.hub(ModelFiles.CLIP_REPO), DEFAULT_DETECTOR_BASE_URL, null, true, ModelFiles.DETECTORS);
    }

    /**
     * @param location where the face-anonymization weights come from
     * @return a copy with it
     */
    public ModelSourceConfig withFaceAnon(RepoLocation location) {
        return new ModelSourceConfig(location, sd21, clip, detectorBaseUrl, detectorDir, clipPartialFetch,
                detectorFiles);
    }

    /**
     * @param location where the SD-2.1 VAE and scheduler come from (a mirror if the original is gone)
     * @return a copy with it
     */
    public ModelSourceConfig withSd21(RepoLocation location) {
        return new ModelSourceConfig(faceAnon, location, clip, detectorBaseUrl, detectorDir, clipPartialFetch,
                detectorFiles);
    }

    /**
     * @param location where the CLIP files come from
     * @return a copy with it
     */
    public ModelSourceConfig withClip(RepoLocation location) {
        return new ModelSourceConfig(faceAnon, sd21, location, detectorBaseUrl, detectorDir, clipPartialFetch,
                detectorFiles);
    }

    /**
     * @param baseUrl the URL the detector file names are resolved against
     * @return a copy with it
     */
    public ModelSourceConfig withDetectorBaseUrl(URI baseUrl) {
        return new ModelSourceConfig(faceAnon, sd21, clip, baseUrl, detectorDir, clipPartialFetch, detectorFiles);
    }

    /**
     * @param dir a local directory holding the detector files under their published names; nothing is
     *     downloaded for them then
     * @return a copy with it
     */
    public ModelSourceConfig withDetectorDirectory(Path dir) {
        return new ModelSourceConfig(faceAnon, sd21, clip, detectorBaseUrl,
                Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize(), clipPartialFetch, detectorFiles);
    }

    /**
     * @param enabled whether to fetch only the CLIP vision tower by byte ranges (the default); when
     *     off, the whole CLIP file is downloaded and checked against the hub's SHA-256
     * @return a copy with it
     */
    public ModelSourceConfig withClipPartialFetch(boolean enabled) {
        return new ModelSourceConfig(faceAnon, sd21, clip, detectorBaseUrl, detectorDir, enabled, detectorFiles);
    }

    /**
     * @param s3fd the face detector file (name with its SHA-256 prefix)
     * @param fan the landmark network file
     * @return a copy fetching these instead of face-alignment 1.4.1's files
     */
    public ModelSourceConfig withDetectorFiles(UrlArtifact s3fd, UrlArtifact fan) {
        return new ModelSourceConfig(faceAnon, sd21, clip, detectorBaseUrl, detectorDir, clipPartialFetch,
                List.of(Objects.requireNonNull(s3fd, "s3fd"), Objects.requireNonNull(fan, "fan")));
    }

    /** @return the detector file, then the landmark file */
    public List<UrlArtifact> detectorFiles() {
        return detectorFiles;
    }

    /** @return where the face-anonymization weights come from */
    public RepoLocation faceAnon() {
        return faceAnon;
    }

    /** @return where the SD-2.1 files come from */
    public RepoLocation sd21() {
        return sd21;
    }

    /** @return where the CLIP files come from */
    public RepoLocation clip() {
        return clip;
    }

    /** @return the detector download base URL, ending in '/' */
    public URI detectorBaseUrl() {
        return detectorBaseUrl;
    }

    /** @return the local detector directory, if one is configured */
    public Optional<Path> detectorDirectory() {
        return Optional.ofNullable(detectorDir);
    }

    /** @return whether only the CLIP vision tower is fetched */
    public boolean clipPartialFetch() {
        return clipPartialFetch;
    }
}
