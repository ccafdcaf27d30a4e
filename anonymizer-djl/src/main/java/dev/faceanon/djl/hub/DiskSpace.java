package dev.faceanon.djl.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
