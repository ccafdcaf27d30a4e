package dev.faceanon.djl.hub;

import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Reports usable disk space; replaceable so that tests can simulate a full disk. */
@FunctionalInterface
interface DiskSpace {
    /** The file system's own answer. */
    DiskSpace SYSTEM = dir -> Files.getFileStore(dir).getUsableSpace();

    /**
     * @param dir an existing directory
     * @return bytes a new file there may still use
     * @throws IOException if the file system cannot say
     */
    long usableBytes(Path dir) throws IOException;

    /**
     * @param dir an existing directory
     * @param needed bytes about to be written there
     * @param what what they are, for the message
     * @throws ModelDownloadException with reason DISK_FULL if they do not fit
     */
    default void require(Path dir, long needed, String what) {
        long usable;
        try {
            usable = usableBytes(dir);
        } catch (IOException e) {
            LoggerFactory.getLogger(DiskSpace.class).debug("cannot query free space of {}: {}", dir, e.toString());
            return;
        }
        if (usable < needed) {
            throw full(dir, needed, usable, what, null);
        }
    }

    /**
     * @param dir where the write failed
     * @param needed bytes still to write, or -1 if unknown
     * @param what what was being written
     * @param cause the failed write
     * @return the exception reporting a full disk
     */
    default ModelDownloadException full(Path dir, long needed, String what, IOException cause) {
        long usable = -1;
        try {
            usable = usableBytes(dir);
        } catch (IOException ignored) {
            // the message then omits the free space
        }
        return full(dir, needed, usable, what, cause);
    }

    private static ModelDownloadException full(Path dir, long needed, long usable, String what, IOException cause) {
        return new ModelDownloadException(Reason.DISK_FULL, "Not enough disk space for " + what + " in " + dir
                + ": it needs " + (needed >= 0 ? ConsoleProgressBar.bytes(needed) + " (" + needed + " bytes)"
                        : "more space")
                + (usable >= 0 ? ", " + ConsoleProgressBar.bytes(usable) + " are free" : "")
                + ". Free some space, or point HF_HUB_CACHE (or TORCH_HOME, FACEANON_CACHE) at a larger disk;"
                + " a partial download is kept and resumed.", cause);
    }

    /**
     * @param e a write failure
     * @return true if it means the disk (or the user's quota) is full
     */
    static boolean isDiskFull(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded")
                    || m.contains("not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }
}
