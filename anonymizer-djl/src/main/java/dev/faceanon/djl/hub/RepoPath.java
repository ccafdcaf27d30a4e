package dev.faceanon.djl.hub;

import java.nio.charset.StandardCharsets;

/** Checks and encodes file paths inside a repository ({@code unet/config.json}). */
final class RepoPath {
    private RepoPath() {}

    /**
     * @param path a repository-relative path with '/' separators
     * @return the same path
     * @throws IllegalArgumentException if it is absolute, has empty, '.' or '..' segments, backslashes or
     *     control characters, any of which could address a file outside the cache
     */
    static String check(String path) {
        boolean ok = path != null && !path.isEmpty() && path.length() <= 1024 && !path.startsWith("/")
                && path.indexOf('\\') < 0 && path.indexOf(':') < 0;
        if (ok) {
            for (String seg : path.split("/", -1)) {
                ok &= !seg.isEmpty() && !seg.equals(".") && !seg.equals("..");
            }
            for (int i = 0; ok && i < path.length(); i++) {
                ok = path.charAt(i) >= 0x20 && path.charAt(i) != 0x7f;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("not a safe repository file path: '" + path + "'");
        }
        return path;
    }

    /**
     * Percent-encodes a string for a URL path, keeping RFC 3986 unreserved characters and, if asked,
     * '/'. The hub encodes the revision with no safe characters ({@code refs/pr/1} becomes
     * {@code refs%2Fpr%2F1}) and file paths keeping '/'.
     *
     * @param s the text
     * @param keepSlash whether '/' stays literal
     * @return the encoded text
     */
    static String encode(String s, boolean keepSlash) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/');
            if (unreserved) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
