package dev.faceanon.djl.hub;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where one repository's files come from: a local directory laid out like the repository, or the hub. */
public final class RepoLocation {
    private final HubRepo repo;
    private final Path dir;

    private RepoLocation(HubRepo repo, Path dir) {
        this.repo = repo;
        this.dir = dir;
    }

    /**
     * @param repoId {@code org/name}
     * @param revision a branch, tag or full commit hash to pin
     * @return the repository on the hub (reusing the hub cache)
     */
    public static RepoLocation hub(String repoId, String revision) {
        return new RepoLocation(new HubRepo(repoId, revision), null);
    }

    /**
     * @param repoId {@code org/name}
     * @return the repository on the hub at its default branch
     */
    public static RepoLocation hub(String repoId) {
        return hub(repoId, HubRepo.DEFAULT_REVISION);
    }

    /**
     * @param dir a directory with the repository's files (e.g. a {@code git clone} or a snapshot folder)
     * @return that directory; nothing is downloaded for it
     */
    public static RepoLocation local(Path dir) {
        return new RepoLocation(null, Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize());
    }

    /** @return the hub repository, if this location is on the hub */
    public Optional<HubRepo> hubRepo() {
        return Optional.ofNullable(repo);
    }

    /** @return the local directory, if this location is local */
    public Optional<Path> localDir() {
        return Optional.ofNullable(dir);
    }

    @Override
    public String toString() {
        return repo != null ? "hub:" + repo : "local:" + dir;
    }
}
