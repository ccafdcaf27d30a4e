package dev.faceanon.djl.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The hash a downloaded file must have, as its publisher states it.
 *
 * <ul>
 *   <li>{@link Kind#SHA256}: the hub's ETag of an LFS file (every weight file) is the SHA-256 of its
 *       content.
 *   <li>{@link Kind#GIT_BLOB_SHA1}: the hub's ETag of a small file kept in git (config JSON) is its git
 *       blob id, SHA-1 over {@code "blob <size>\0"} followed by the content.
 *   <li>{@link Kind#SHA256_PREFIX}: torch.hub's convention for plain URLs: the hex part of the file name
 *       ({@code s3fd-619a316812.pth}) is a prefix of the SHA-256.
 * </ul>
 */
public final class ContentHash {
    /** How the expected value relates to the content. */
    public enum Kind {
        /** Full SHA-256 of the content. */
        SHA256,
        /** git blob id (SHA-1 with the git object header). */
        GIT_BLOB_SHA1,
        /** A hex prefix (at least 8 digits) of the SHA-256. */
        SHA256_PREFIX
    }

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{8,64}");

    private final Kind kind;
    private final String hex;

    private ContentHash(Kind kind, String hex) {
        this.kind = kind;
        this.hex = hex;
    }

    /**
     * Interprets a normalised hub ETag.
     *
     * @param etag 64 hex digits (LFS) or 40 hex digits (git)
     * @return the expected hash
     * @throws IllegalArgumentException for anything else: such a file cannot be verified and its ETag
     *     is not a safe cache file name
     */
    public static ContentHash ofHubEtag(String etag) {
        String e = Objects.requireNonNull(etag, "etag").toLowerCase(Locale.ROOT);
        if (HEX64.matcher(e).matches()) {
            return new ContentHash(Kind.SHA256, e);
        }
        if (HEX40.matcher(e).matches()) {
            return new ContentHash(Kind.GIT_BLOB_SHA1, e);
        }
        throw new IllegalArgumentException("ETag '" + etag + "' is neither a SHA-256 nor a git blob id");
    }

    /**
     * @param hexPrefix at least 8 hex digits
     * @return an expected SHA-256 prefix
     */
    public static ContentHash ofSha256Prefix(String hexPrefix) {
        String p = Objects.requireNonNull(hexPrefix, "hexPrefix").toLowerCase(Locale.ROOT);
        if (!PREFIX.matcher(p).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex prefix of 8 to 64 digits: '" + hexPrefix + "'");
        }
        return new ContentHash(Kind.SHA256_PREFIX, p);
    }

    /** @return what the value means */
    public Kind kind() {
        return kind;
    }

    /** @return the expected value, lower-case hex */
    public String hex() {
        return hex;
    }

    /**
     * Starts a digest of content of the given length. For git blob ids the object header is fed first.
     *
     * @param size the content length in bytes; required (non-negative) for {@link Kind#GIT_BLOB_SHA1}
     * @return a digest ready for the content bytes
     */
    public MessageDigest newDigest(long size) {
        if (kind == Kind.GIT_BLOB_SHA1) {
            if (size < 0) {
                throw new IllegalArgumentException("a git blob id can only be checked with the size known");
            }
            MessageDigest d = digest("SHA-1");
            d.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
            return d;
        }
        return digest("SHA-256");
    }

    /**
     * @param digest the finished digest of the content
     * @return true if it matches the expected value
     */
    public boolean matches(byte[] digest) {
        String actual = HexFormat.of().formatHex(digest);
        return kind == Kind.SHA256_PREFIX ? actual.startsWith(hex) : actual.equals(hex);
    }

    /**
     * @param sha256Hex a SHA-256, lower-case hex
     * @return true if it matches the expected value ({@link Kind#SHA256} or {@link Kind#SHA256_PREFIX})
     */
    public boolean matchesSha256(String sha256Hex) {
        if (kind == Kind.GIT_BLOB_SHA1) {
            throw new IllegalStateException("a git blob id is no SHA-256");
        }
        return kind == Kind.SHA256_PREFIX ? sha256Hex.startsWith(hex) : sha256Hex.equals(hex);
    }

    /** @return a human description, e.g. {@code sha256 6b3f...} */
    @Override
    public String toString() {
        switch (kind) {
            case GIT_BLOB_SHA1:
                return "git blob id " + hex;
            case SHA256_PREFIX:
                return "SHA-256 starting with " + hex;
            default:
                return "SHA-256 " + hex;
        }
    }

    /**
     * @param file a file
     * @return the SHA-256 of its content, lower-case hex
     * @throws IOException if it cannot be read
     */
    static String sha256Hex(Path file) throws IOException {
        MessageDigest d = digest("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java runtime", e);
        }
    }
}
