package dev.faceanon.djl.weights;

import static dev.faceanon.djl.weights.WeightJsonReader.quoted;

import dev.faceanon.djl.weights.SafetensorsHeader.Entry;
import dev.faceanon.model.WeightFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code .safetensors} file, with its tensor data memory-mapped.
 *
 * <p>Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON describing each tensor
 * (see {@link SafetensorsHeader} for every rule checked), then the data section, to which the
 * tensors' {@code data_offsets} are relative. The whole layout is validated by {@link #open}, so
 * {@link #raw} can never read outside the file.
 *
 * <p>Files larger than 2 GiB (a float32 SD-2.1 UNet is 3.46 GB) are mapped in several windows of
 * at most 2 GiB, each starting at a tensor, so that every tensor lies inside one window. A single
 * tensor of 2 GiB or more cannot be handed out as a {@link ByteBuffer}; {@link #raw} rejects such
 * a tensor, while the other tensors of the file stay readable.
 *
 * <p>The file handle is closed as soon as the data is mapped; the mapping is released by the
 * garbage collector once this object and every buffer from {@link #raw} are unreachable (Java 17
 * has no explicit unmapping). The file must not be truncated or rewritten while it is open.
 * Instances are safe for concurrent reads.
 */
public final class SafetensorsFile implements TensorSource {

    private static final Logger LOG = LoggerFactory.getLogger(SafetensorsFile.class);
    private static final long MAX_WINDOW_BYTES = Integer.MAX_VALUE;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final Path path;
    private final SafetensorsHeader header;
    private final List<TensorInfo> tensors;
    private final Map<String, Slot> slots;
    private volatile ByteBuffer[] windows;

    /** Where one tensor's bytes are: window -1 for empty tensors and tensors too large to map. */
    private record Slot(Entry entry, int window, int offset) {}

    private SafetensorsFile(Path path, SafetensorsHeader header, Map<String, Slot> slots, ByteBuffer[] windows) {
        this.path = path;
        this.header = header;
        List<TensorInfo> infos = new ArrayList<>(header.entries().size());
        for (Entry e : header.entries()) {
            infos.add(e.info());
        }
        this.tensors = List.copyOf(infos);
        this.slots = slots;
        this.windows = windows;
    }

    /**
     * Opens a safetensors file: reads and validates its header and maps its data. Nothing of the
     * data is read.
     *
     * @param file the {@code .safetensors} file
     * @return the open file; close it when done
     * @throws WeightFormatException naming the file and the problem if it is not a valid
     *     safetensors file
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException if reading or mapping the file fails
     */
    public static SafetensorsFile open(Path file) throws IOException {
        return open(file, MAX_WINDOW_BYTES);
    }

    /**
     * @param windowBytes the size at which a new mapping window is started; smaller than 2 GiB
     *     only in tests, to exercise windowing with small files
     */
    static SafetensorsFile open(Path file, long windowBytes) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            SafetensorsHeader.checkHoldsLengthPrefix(file, size);
            long headerLength = SafetensorsHeader.headerLength(
                    readFully(channel, 0, SafetensorsHeader.LENGTH_PREFIX_BYTES).array(), file, size);
            long dataStart = SafetensorsHeader.LENGTH_PREFIX_BYTES + headerLength;
            SafetensorsHeader header;
            try (InputStream json = new ChannelRange(channel, SafetensorsHeader.LENGTH_PREFIX_BYTES, dataStart)) {
                header = SafetensorsHeader.parse(json, file, size - dataStart);
            }
            Map<String, Slot> slots = new HashMap<>();
            ByteBuffer[] windows = mapWindows(channel, dataStart, header, windowBytes, slots);
            LOG.debug("opened {}: {} tensors, {} bytes of data in {} mapping(s)", file, header.entries().size(),
                    size - dataStart, windows.length);
            return new SafetensorsFile(file, header, slots, windows);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    /** @return every tensor, in header order */
    @Override
    public List<TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public Optional<TensorInfo> find(String name) {
        Slot slot = slots.get(name);
        return slot == null ? Optional.empty() : Optional.of(slot.entry().info());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The buffer is a view of the file mapping: it is valid after {@link #close()} and stays
     * readable as long as it is referenced.
     *
     * @throws WeightFormatException if the tensor is 2 GiB or larger
     * @throws IllegalStateException if this file has been closed
     */
    @Override
    public ByteBuffer raw(String name) {
        Slot slot = slots.get(name);
        if (slot == null) {
            throw new NoSuchElementException("no tensor " + quoted(name) + " in " + path);
        }
        ByteBuffer[] mapped = windows;
        if (mapped == null) {
            throw new IllegalStateException(path + " is closed");
        }
        long size = slot.entry().byteSize();
        if (size == 0) {
            return EMPTY.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        if (slot.window() < 0) {
            throw new WeightFormatException(path, "tensor " + quoted(name) + " is " + size
                    + " bytes; a single tensor of 2 GiB or more cannot be read by this reader");
        }
        return mapped[slot.window()].slice(slot.offset(), (int) size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the header's {@code __metadata__} entries in file order; empty if it has none */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Drops this object's reference to the mapping; later calls of {@link #raw} fail. */
    @Override
    public void close() {
        windows = null;
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + tensors.size() + " tensors]";
    }

    /**
     * Maps the data section in windows that each start at a tensor and hold whole tensors, and
     * records in {@code slots} where every tensor lies.
     */
    private static ByteBuffer[] mapWindows(FileChannel channel, long dataStart, SafetensorsHeader header,
            long windowBytes, Map<String, Slot> slots) throws IOException {
        List<Entry> byOffset = new ArrayList<>(header.entries());
        byOffset.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        List<ByteBuffer> windows = new ArrayList<>();
        long windowStart = -1;
        long windowEnd = -1;
        List<Entry> members = new ArrayList<>();
        for (Entry e : byOffset) {
            if (e.byteSize() == 0 || e.byteSize() > MAX_WINDOW_BYTES) {
                slots.put(e.info().name(), new Slot(e, -1, 0));
                continue;
            }
            if (windowStart < 0 || e.end() - windowStart > windowBytes) {
                flush(channel, dataStart, windowStart, windowEnd, members, windows, slots);
                windowStart = e.begin();
                windowEnd = e.end();
            }
            windowEnd = Math.max(windowEnd, e.end());
            members.add(e);
        }
        flush(channel, dataStart, windowStart, windowEnd, members, windows, slots);
        return windows.toArray(new ByteBuffer[0]);
    }

    private static void flush(FileChannel channel, long dataStart, long start, long end, List<Entry> members,
            List<ByteBuffer> windows, Map<String, Slot> slots) throws IOException {
        if (members.isEmpty()) {
            return;
        }
        int index = windows.size();
        windows.add(channel.map(FileChannel.MapMode.READ_ONLY, dataStart + start, end - start));
        for (Entry e : members) {
            slots.put(e.info().name(), new Slot(e, index, Math.toIntExact(e.begin() - start)));
        }
        members.clear();
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new EOFException("file shrank while being read");
            }
        }
        return buf.flip();
    }

    /** Reads the byte range {@code [position, end)} of a channel, without moving its position. */
    private static final class ChannelRange extends InputStream {
        private final FileChannel channel;
        private long position;
        private final long end;

        ChannelRange(FileChannel channel, long position, long end) {
            this.channel = channel;
            this.position = position;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (position >= end) {
                return -1;
            }
            int n = (int) Math.min(len, end - position);
            int read = channel.read(ByteBuffer.wrap(b, off, n), position);
            if (read < 0) {
                throw new EOFException("file shrank while being read");
            }
            position += read;
            return read;
        }
    }
}
