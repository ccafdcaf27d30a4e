package dev.faceanon.djl.npm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One version of an npm package, pinned by the SHA-256 and the size of its published tarball: what
 * {@link NpmPackageFetcher} fetches and checks.
 *
 * @param packageName the package, possibly scoped, e.g. {@code @vladmandic/face-api}
 * @param version an exact version, e.g. {@code 1.7.15} (no range)
 * @param sha256 the SHA-256 of the tarball, 64 hex digits
 * @param size the tarball's size in bytes
 * @param purpose what the package is needed for, for messages
 */
public record NpmTarball(String packageName, String version, String sha256, long size, String purpose) {
    /** The largest tarball this library accepts to fetch. */
    public static final long MAX_SIZE = 256L << 20;

    // npm's rules for new package names (lower case, URL-safe), which also keep the name a safe path segment.
    private static final Pattern NAME = Pattern.compile("(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks every field and keeps the SHA-256 in lower case.
     *
     * @param packageName the package, possibly scoped, e.g. {@code @vladmandic/face-api}
     * @param version an exact version, e.g. {@code 1.7.15} (no range)
     * @param sha256 the SHA-256 of the tarball, 64 hex digits
     * @param size the tarball's size in bytes
     * @param purpose what the package is needed for, for messages
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the name is not an npm package name, the version is not an exact
     *     version, the SHA-256 does not have 64 hex digits, or the size is outside [1, {@link #MAX_SIZE}]
     */
    public NpmTarball {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(purpose, "purpose");
        if (packageName.length() > 214 || !NAME.matcher(packageName).matches()) {
            throw new IllegalArgumentException("not an npm package name: '" + packageName + "'");
        }
        if (version.length() > 64 || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not an exact npm version: '" + version + "'");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("a SHA-256 has 64 hex digits, got '" + sha256 + "'");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("tarball size must be in [1, " + MAX_SIZE + "], got " + size);
        }
    }

    /** @return {@code name@version}, as npm commands take it */
    public String spec() {
        return packageName + "@" + version;
    }

    /** @return the name {@code npm pack} gives the tarball, e.g. {@code vladmandic-face-api-1.7.15.tgz} */
    public String fileName() {
        String flat = packageName.startsWith("@") ? packageName.substring(1).replace('/', '-') : packageName;
        return flat + "-" + version + ".tgz";
    }

    /**
     * @return the tarball's path under the registry's base URL, as the registry publishes it, e.g.
     *     {@code @vladmandic/face-api/-/face-api-1.7.15.tgz}
     */
    public String registryPath() {
        String unscoped = packageName.substring(packageName.indexOf('/') + 1);
        return packageName + "/-/" + unscoped + "-" + version + ".tgz";
    }

    /**
     * @param file a file
     * @return true if it has this tarball's size and SHA-256
     * @throws UncheckedIOException if it cannot be read
     */
    public boolean matches(Path file) {
        try {
            if (Files.size(file) != size) {
                return false;
            }
            MessageDigest d = newDigest();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    d.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(d.digest()).equals(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * @param content bytes
     * @return their SHA-256, lower-case hex
     */
    static String sha256Of(byte[] content) {
        return HexFormat.of().formatHex(newDigest().digest(content));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
