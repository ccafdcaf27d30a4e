package dev.faceanon.djl.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises downloads of one file, across threads (a lock per path) and across processes (an OS
 * file lock on a {@code .lock} file). Two processes fetching the same blob therefore never write the
 * same {@code .incomplete} file at once; the second waits and then finds the blob complete.
 *
 * <p>The lock file is left in place: deleting it would let a third process lock a fresh inode while
 * a second still waits on the old one.
 */
final class BlobLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobLock.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private BlobLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Blocks until this thread holds the lock.
     *
     * @param lockFile the lock file; its directory is created
     * @return the held lock
     * @throws IOException if the lock file cannot be opened or locked
     */
    static BlobLock acquire(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        threadLock.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                LOG.info("another process is downloading {}; waiting for it", key.getFileName());
                lock = channel.lock();
            }
            return new BlobLock(threadLock, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
