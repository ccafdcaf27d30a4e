package dev.faceanon.spark;

import dev.faceanon.FaceAnonException;
import dev.faceanon.text.UntrustedText;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * The name of each image of a collection: its path relative to the collection's root, with '/'
 * separators ({@code sub/a.jpg}), as the command line names the images of a scanned directory.
 * Image seeds derive from it ({@link dev.faceanon.batch.ImageSeeds}), faces files list images by it,
 * and results are written under it. Without a root the name is the path as Spark gives it, so that
 * moving the collection changes every seed: give the root.
 *
 * <p>Paths and the root are compared without their scheme and authority, so {@code file:/photos},
 * {@code file:///photos} and {@code /photos} are one root, and {@code hdfs://nn:8020/photos/a.jpg}
 * is under {@code hdfs://nn:8020/photos} and under {@code /photos}.
 */
public final class ImageNames implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private final String root;

    /**
     * @param root the collection's root directory (a path or a URI); null to name images by their whole path
     */
    public ImageNames(String root) {
        this.root = root == null || root.isBlank() ? null : stripTrailingSlashes(pathPart(root));
    }

    /**
     * @param path an image's path, as Spark's {@code binaryFile} source gives it
     * @return its name
     * @throws FaceAnonException naming the path if it is not under the root
     */
    public String nameOf(String path) {
        if (root == null) {
            return path;
        }
        String p = pathPart(path);
        String prefix = root.endsWith("/") ? root : root + "/";
        if (!p.startsWith(prefix) || p.length() == prefix.length()) {
            throw new FaceAnonException("the image " + UntrustedText.quote(path, '"') + " is not under the image"
                    + " root " + UntrustedText.quote(root, '"') + ": set imageRoot to the directory the images were"
                    + " read from");
        }
        return p.substring(prefix.length());
    }

    /** The path of a URI or a plain path: without {@code scheme:} and {@code //authority}. */
    private static String pathPart(String uriOrPath) {
        String p = uriOrPath.replace('\\', '/');
        java.util.regex.Matcher m = SCHEME.matcher(p);
        // One letter before the colon is a Windows drive, not a scheme.
        if (m.find() && m.end() > 2) {
            p = p.substring(m.end());
            if (p.startsWith("//")) {
                int slash = p.indexOf('/', 2);
                p = slash < 0 ? "/" : p.substring(slash);
            }
        }
        return p;
    }

    private static String stripTrailingSlashes(String p) {
        String s = p;
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
