package dev.faceanon.djl.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Read-only views of regions of a checkpoint file. A file that fits in one ByteBuffer (under
 * 2 GiB) is mapped once and every region is a slice of that mapping; a larger file is mapped
 * region by region. Mappings are released by the garbage collector, so one mapping per file
 * rather than one per tensor keeps the process far from the kernel's limit on mappings.
 */
final class TorchCheckpointBytes {
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer whole;

    /**
     * @param channel an open channel on the checkpoint
     * @throws IOException if the file cannot be mapped
     */
    TorchCheckpointBytes(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.whole = size <= Integer.MAX_VALUE ? channel.map(FileChannel.MapMode.READ_ONLY, 0, size) : null;
    }

    /** @return the file length when it was opened */
    long size() {
        return size;
    }

    /**
     * @param position the first byte; the caller has checked the region lies inside the file
     * @param length the region length, at most {@link Integer#MAX_VALUE}
     * @return a read-only little-endian view positioned at 0
     * @throws IOException if mapping fails
     */
    ByteBuffer region(long position, long length) throws IOException {
        if (position < 0 || length < 0 || length > Integer.MAX_VALUE || position > size - length) {
            throw new IllegalArgumentException("region " + position + "+" + length + " outside a file of " + size);
        }
        ByteBuffer b = whole != null
                ? whole.slice((int) position, (int) length)
                : channel.map(FileChannel.MapMode.READ_ONLY, position, length);
        return b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
