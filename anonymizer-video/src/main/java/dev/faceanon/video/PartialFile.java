package dev.faceanon.video;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output being written under a hidden temporary name beside its final name, so that the final
 * name only ever shows a complete file. Deleted unless {@link #keep} succeeds, also when the JVM is
 * shut down (Ctrl-C) in the middle. The temporary name ends with the output's extension, which
 * tells encoders the container.
 */
final class PartialFile implements AutoCloseable {
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(p -> p.toFile().delete()),
                "faceanon-partial-videos"));
    }

    private final Path path;
    private final Path target;
    private boolean kept;

    private PartialFile(Path path, Path target) {
        this.path = path;
        this.target = target;
    }

    /**
     * @param target the final name
     * @return an empty new file beside it (with the umask's permissions, as a new file gets)
     * @throws IOException if it cannot be created
     */
    static PartialFile beside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        String name = absolute.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot) : "";
        Path path = absolute.resolveSibling("." + name + "." + Long.toHexString(System.nanoTime()) + ".part"
                + extension);
        IN_FLIGHT.add(path);
        try {
            Files.createFile(path);
        } catch (IOException e) {
            IN_FLIGHT.remove(path);
            throw e;
        }
        return new PartialFile(path, absolute);
    }

    /** @return the temporary file */
    Path path() {
        return path;
    }

    /**
     * Renames the complete file into place.
     *
     * @param replace whether an existing file of the final name is replaced; otherwise one that
     *     appeared meanwhile is not
     * @throws FileAlreadyExistsException if it exists and is not to be replaced
     * @throws IOException if it cannot be renamed
     */
    void keep(boolean replace) throws IOException {
        if (replace) {
            try {
                Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            try {
                // A hard link fails if the name exists, where a rename would replace it.
                Files.createLink(target, path);
                Files.delete(path);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileAlreadyExistsException exists) {
                    throw exists;
                }
                // No hard links here (FAT, some network file systems): a move that refuses an existing name.
                Files.move(path, target);
            }
        }
        kept = true;
        IN_FLIGHT.remove(path);
    }

    /** Deletes the temporary file unless it was kept. */
    @Override
    public void close() throws IOException {
        if (!kept) {
            try {
                Files.deleteIfExists(path);
            } finally {
                IN_FLIGHT.remove(path);
            }
        }
    }
}
