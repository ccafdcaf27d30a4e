package dev.faceanon.batch;

import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The images and videos under a directory, following symbolic links, and the entries that could not be
 * taken, each with its reason. One entry the file system refuses (a link loop, a directory without
 * permission, a broken link, a file deleted while the scan runs) is skipped and reported; it never
 * ends the scan. Hidden entries and everything under the output directory are not inputs. The
 * command line scans its input directories and the keep gallery's directory with it; Spark's
 * executors scan the keep gallery's directory.
 */
public final class DirectoryScan implements FileVisitor<Path> {

    /** Formats of photos the tool cannot read: reported when skipped, unlike files that are no image. */
    public static final Set<String> UNSUPPORTED_IMAGE_EXTENSIONS = Set.of("webp", "heic", "heif", "avif", "jxl", "jp2",
            "j2k", "psd", "tga", "ico", "dng", "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf", "srw", "pef");

    /**
     * @param images the images and videos found, sorted by name
     * @param skipped the entries skipped, sorted by name
     */
    public record Result(List<Path> images, List<SkippedEntry> skipped) {
        /**
         * @param images the images found, sorted by name
         * @param skipped the entries skipped, sorted by name
         * @throws NullPointerException if a component is null
         */
        public Result {
            images = List.copyOf(images);
            skipped = List.copyOf(skipped);
        }
    }

    private final Path root;
    private final Path outputRoot;
    private final List<Path> images = new ArrayList<>();
    private final List<SkippedEntry> skipped = new ArrayList<>();

    /**
     * @param root the directory to scan
     * @param outputRoot the output directory, absolute and normalized, whose entries are never
     *     taken; null when there is none
     */
    public DirectoryScan(Path root, Path outputRoot) {
        this.root = root;
        this.outputRoot = outputRoot;
    }

    /**
     * @param dir the directory to scan
     * @param outputRoot the output directory, absolute and normalized, whose entries are never
     *     taken; null when there is none
     * @return what was found
     */
    public static Result of(Path dir, Path outputRoot) {
        DirectoryScan scan = new DirectoryScan(dir, outputRoot);
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, scan);
        } catch (IOException e) {
            // The visitor never throws and the walker hands every failure to it; kept for the signature.
            scan.skip(dir, SkippedEntry.Reason.UNREADABLE, IoProblem.describe(e));
        }
        return scan.result();
    }

    /** @return what the scan has found so far, sorted by name */
    public Result result() {
        Comparator<Path> byName = Comparator.comparing(this::name);
        return new Result(images.stream().sorted(byName).toList(),
                skipped.stream().sorted(Comparator.comparing(SkippedEntry::name)).toList());
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return ignored(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (ignored(file)) {
            return FileVisitResult.CONTINUE;
        }
        String extension = ImageFormats.extension(file).orElse("");
        if (attrs.isSymbolicLink()) {
            // Following links, the walker reports a link as a link only when its target cannot be read.
            if (mightBeImages(extension)) {
                skip(file, SkippedEntry.Reason.BROKEN_LINK, "its target" + target(file) + " does not exist or"
                        + " cannot be reached");
            }
        } else if (attrs.isRegularFile() && (ImageFormats.READABLE.contains(extension)
                || VideoFormats.EXTENSIONS.contains(extension))) {
            images.add(file);
        } else if (attrs.isRegularFile() && UNSUPPORTED_IMAGE_EXTENSIONS.contains(extension)) {
            skip(file, SkippedEntry.Reason.UNSUPPORTED_FORMAT, "." + extension + " cannot be read (supported: "
                    + String.join(", ", new TreeSet<>(ImageFormats.READABLE)) + "); convert it to PNG or JPEG");
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
        if (ignored(file)) {
            return FileVisitResult.CONTINUE;
        }
        if (e instanceof FileSystemLoopException) {
            skip(file, SkippedEntry.Reason.LINK_LOOP, "it leads back to a directory being scanned, whose images are"
                    + " taken from there");
        } else if (e instanceof NoSuchFileException) {
            if (mightBeImages(ImageFormats.extension(file).orElse(""))) {
                skip(file, SkippedEntry.Reason.VANISHED, "deleted or moved while the directory was scanned");
            }
        } else {
            skip(file, SkippedEntry.Reason.UNREADABLE, IoProblem.describe(e));
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
        if (e != null && !ignored(dir)) {
            skip(dir, SkippedEntry.Reason.UNREADABLE, IoProblem.describe(e));
        }
        return FileVisitResult.CONTINUE;
    }

    private void skip(Path entry, SkippedEntry.Reason reason, String detail) {
        skipped.add(new SkippedEntry(entry, name(entry), reason, detail));
    }

    /** Hidden entries (.git, .thumbnails, ...) are not photos to process; outputs of an earlier run are not inputs. */
    private boolean ignored(Path entry) {
        if (outputRoot != null && entry.toAbsolutePath().normalize().startsWith(outputRoot)) {
            return true;
        }
        for (Path part : root.relativize(entry)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** A name without an extension may be a directory; other names say whether they were images. */
    private static boolean mightBeImages(String extension) {
        return extension.isEmpty() || ImageFormats.READABLE.contains(extension)
                || VideoFormats.EXTENSIONS.contains(extension) || UNSUPPORTED_IMAGE_EXTENSIONS.contains(extension);
    }

    /** @return " \"target\"", or nothing if it cannot be read */
    private static String target(Path link) {
        try {
            return " " + UntrustedText.quote(Files.readSymbolicLink(link).toString(), '"');
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private String name(Path entry) {
        Path relative = root.relativize(entry);
        return relative.toString().isEmpty() ? entry.toString()
                : relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
