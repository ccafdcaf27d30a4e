package dev.faceanon.djl.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh directory that is deleted with everything in it when closed. A failed deletion is logged,
 * not thrown: it must not hide the outcome of the work done in the directory.
 */
final class TemporaryDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TemporaryDirectory.class);

    private final Path path;

    private TemporaryDirectory(Path path) {
        this.path = path;
    }

    /**
     * @param parent where to create it, or null for the system's temporary directory
     * @param prefix the start of its name
     * @return the new, empty directory
     * @throws UncheckedIOException if it cannot be created
     */
    static TemporaryDirectory create(Path parent, String prefix) {
        try {
            return new TemporaryDirectory(parent == null ? Files.createTempDirectory(prefix)
                    : Files.createTempDirectory(parent, prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory in "
                    + (parent == null ? System.getProperty("java.io.tmpdir") : parent)
                    + " (set java.io.tmpdir to a writable directory)", e);
        }
    }

    /** @return the directory */
    Path path() {
        return path;
    }

    @Override
    public void close() {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(path)) {
            // Deepest first, so that every directory is empty when its turn comes.
            entries = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not list the temporary directory {} to delete it; remove it by hand: {}", path,
                    e.toString());
            return;
        }
        for (Path entry : entries) {
            try {
                Files.deleteIfExists(entry);
            } catch (IOException e) {
                LOG.warn("could not delete {} of a temporary directory; remove {} by hand: {}", entry, path,
                        e.toString());
                return;
            }
        }
    }
}
