package dev.faceanon.djl.hub;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A model repository on the hub at one revision (a branch, a tag or a full 40-hex commit).
 *
 * <p>Both parts end up in file names of the cache and in URLs, so they are checked against the
 * characters the hub allows; in particular no {@code ..} segment can escape the cache.
 */
public final class HubRepo {
    /** The branch used when no revision is pinned. */
    public static final String DEFAULT_REVISION = "main";

    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/-]{1,256}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private final String id;
    private final String revision;

    /**
     * @param id {@code org/name} (or a bare legacy {@code name})
     * @param revision a branch, tag or full commit hash
     * @throws IllegalArgumentException if either is malformed
     */
    public HubRepo(String id, String revision) {
        this.id = checkId(Objects.requireNonNull(id, "id"));
        this.revision = checkRevision(Objects.requireNonNull(revision, "revision"));
    }

    /**
     * @param id {@code org/name}
     * @return the repository at its default branch
     */
    public static HubRepo of(String id) {
        return new HubRepo(id, DEFAULT_REVISION);
    }

    /** @return {@code org/name} */
    public String id() {
        return id;
    }

    /** @return the pinned revision */
    public String revision() {
        return revision;
    }

    /**
     * @param other a revision
     * @return the same repository at that revision
     */
    public HubRepo at(String other) {
        return new HubRepo(id, other);
    }

    /** @return true if the revision is a full commit hash, which can never move */
    public boolean isPinnedToCommit() {
        return isCommitHash(revision);
    }

    /** @return the repository's folder name in the hub cache, {@code models--org--name} */
    public String cacheFolderName() {
        return "models--" + id.replace("/", "--");
    }

    /**
     * @param s any string
     * @return true if it is a full, lower-case 40-hex commit hash
     */
    public static boolean isCommitHash(String s) {
        return s != null && COMMIT.matcher(s).matches();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HubRepo && ((HubRepo) o).id.equals(id) && ((HubRepo) o).revision.equals(revision);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, revision);
    }

    @Override
    public String toString() {
        return id + "@" + revision;
    }

    private static String checkId(String id) {
        String[] parts = id.split("/", -1);
        boolean ok = parts.length <= 2;
        for (String p : parts) {
            ok &= NAME_PART.matcher(p).matches() && !p.contains("..");
        }
        if (!ok) {
            throw new IllegalArgumentException("not a hub repository id (expected org/name): '" + id + "'");
        }
        return id;
    }

    private static String checkRevision(String rev) {
        boolean ok = REVISION.matcher(rev).matches() && !rev.startsWith("/") && !rev.endsWith("/")
                && !rev.contains("//");
        for (String seg : rev.split("/")) {
            ok &= !seg.equals(".") && !seg.equals("..");
        }
        if (!ok) {
            throw new IllegalArgumentException("not a revision (branch, tag or commit): '" + rev + "'");
        }
        return rev;
    }
}
