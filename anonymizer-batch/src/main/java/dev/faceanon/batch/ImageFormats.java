package dev.faceanon.batch;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The image formats batch processing reads and writes, named by their file extensions. */
public final class ImageFormats {

    /** Extensions of the images that are read (what the JDK's ImageIO decodes). */
    public static final Set<String> READABLE = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "wbmp");

    private ImageFormats() {}

    /**
     * @param file a path
     * @return the extension of its file name, lower case, without the dot; empty without one
     */
    public static Optional<String> extension(Path file) {
        return extension(file.getFileName() == null ? "" : file.getFileName().toString());
    }

    /**
     * @param name a file name or a path with '/' separators
     * @return the extension of its last segment, lower case, without the dot; empty without one
     *     (a leading dot, as in ".hidden", starts no extension)
     */
    public static Optional<String> extension(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        return dot <= 0 || dot == last.length() - 1 ? Optional.empty()
                : Optional.of(last.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * @param name a file name or a path with '/' separators
     * @param format the extension the name gets, without the dot
     * @return the name with its extension replaced by (or, without one, extended by) {@code format}
     */
    public static String withExtension(String name, String format) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return (dot <= slash + 1 ? name : name.substring(0, dot)) + "." + format;
    }
}
