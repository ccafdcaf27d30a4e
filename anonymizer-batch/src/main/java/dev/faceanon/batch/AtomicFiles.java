package dev.faceanon.batch;

import dev.faceanon.FaceAnonException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes files whole or not at all: the bytes go to a temporary name beside the target and are
 * moved into place, so an interrupted run never leaves a half-written file under the target's name.
 */
public final class AtomicFiles {

    /** Temporary files being written; removed if the JVM is stopped (Ctrl-C) before they are moved into place. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(p -> p.toFile().delete()),
                "faceanon-partial-files"));
    }

    private AtomicFiles() {}

    /**
     * Writes the bytes to the file, creating its directories and replacing an existing file.
     *
     * @param data the content
     * @param file where it goes
     * @throws FaceAnonException naming the file if it cannot be written there
     */
    public static void write(byte[] data, Path file) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new FaceAnonException("cannot write " + file + ": " + e.getFile() + " is a file, not a directory", e);
        } catch (IOException e) {
            throw new FaceAnonException("cannot write " + file + ": " + IoProblem.describe(e), e);
        }
        // Not Files.createTempFile: its 0600 mode would survive the move; a new file gets the umask's.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(System.nanoTime())
                + "." + Long.toHexString(Thread.currentThread().getId()) + ".part");
        IN_FLIGHT.add(temp);
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
                out.write(data);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Not the exception's own text: it names the temporary file, which the user never sees.
            throw new FaceAnonException("cannot write " + file + ": " + IoProblem.describe(e), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // Left behind only if the directory turned unwritable meanwhile; the shutdown hook tries again.
            }
            IN_FLIGHT.remove(temp);
        }
    }
}
