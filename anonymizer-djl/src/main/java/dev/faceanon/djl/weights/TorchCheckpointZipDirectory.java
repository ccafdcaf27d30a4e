package dev.faceanon.djl.weights;

import dev.faceanon.model.WeightFormatException;
import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The central directory of a zip-format checkpoint, parsed with explicit bounds instead of
 * {@code java.util.zip}: the reader needs each record's data offset to memory-map it, and must
 * check every count, length and offset against the file before trusting it.
 *
 * <p>Supports what PyTorch's writer produces: single-disk archives, zip64 end records and zip64
 * extra fields. Records must be STORED (PyTorch never compresses them); a compressed record is
 * rejected rather than inflated, so no decompression bomb can exist.
 */
final class TorchCheckpointZipDirectory {
    /** More records than any checkpoint has (one per storage plus a few). */
    static final int MAX_ENTRIES = 1 << 20;
    /** Directory bytes read onto the heap; about 100 bytes per record. */
    static final long MAX_DIRECTORY_BYTES = 64L << 20;

    private static final int EOCD_SIG = 0x06054b50;
    private static final int EOCD_SIZE = 22;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_LOCATOR_SIZE = 20;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int ZIP64_EOCD_SIZE = 56;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int CENTRAL_SIZE = 46;
    private static final int LOCAL_SIG = 0x04034b50;
    private static final int LOCAL_SIZE = 30;
    private static final long U32_MAX = 0xffffffffL;

    /**
     * A record whose data may be read: stored uncompressed at {@code offset}, {@code size} bytes
     * long, inside the file.
     *
     * @param name the record name
     * @param offset absolute file position of the data
     * @param size length of the data
     * @param crc32 the CRC-32 the directory declares
     */
    record Record(String name, long offset, long size, int crc32) {}

    private record Entry(String name, byte[] rawName, int flags, int method, int crc32, long compressedSize,
            long size, long localHeader) {}

    private final Path file;
    private final FileChannel channel;
    private final long dataLimit;
    private final List<String> names;
    private final Map<String, Entry> entries;

    private TorchCheckpointZipDirectory(Path file, FileChannel channel, long dataLimit, List<Entry> list) {
        this.file = file;
        this.channel = channel;
        this.dataLimit = dataLimit;
        List<String> n = new ArrayList<>(list.size());
        Map<String, Entry> m = new HashMap<>();
        for (Entry e : list) {
            if (m.put(e.name(), e) != null) {
                throw reject("record " + UntrustedText.quote(e.name()) + " appears twice");
            }
            n.add(e.name());
        }
        this.names = Collections.unmodifiableList(n);
        this.entries = m;
    }

    /**
     * @param file the checkpoint, for messages
     * @param channel an open channel on it
     * @return the validated directory
     * @throws IOException if reading fails
     * @throws WeightFormatException if the archive is malformed, truncated, multi-disk or encrypted
     */
    static TorchCheckpointZipDirectory read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < EOCD_SIZE) {
            throw new WeightFormatException(file, "zip archive is truncated: " + size + " bytes");
        }
        int tailLength = (int) Math.min(size, EOCD_SIZE + 0xffff);
        long tailStart = size - tailLength;
        ByteBuffer tail = readFully(file, channel, tailStart, tailLength);
        int at = -1;
        for (int i = tailLength - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIG && (tail.getShort(i + 20) & 0xffff) == tailLength - i - EOCD_SIZE) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new WeightFormatException(file,
                    "zip archive has no end-of-central-directory record (truncated or not a zip file)");
        }
        long eocd = tailStart + at;
        long entryCount = tail.getShort(at + 10) & 0xffff;
        long directorySize = tail.getInt(at + 12) & U32_MAX;
        long directoryOffset = tail.getInt(at + 16) & U32_MAX;
        boolean multiDisk = tail.getShort(at + 4) != 0 || tail.getShort(at + 6) != 0
                || tail.getShort(at + 8) != tail.getShort(at + 10);
        long directoryLimit = eocd;
        if (eocd >= ZIP64_LOCATOR_SIZE) {
            ByteBuffer locator = readFully(file, channel, eocd - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
            if (locator.getInt(0) == ZIP64_LOCATOR_SIG) {
                long zip64 = locator.getLong(8);
                if (locator.getInt(4) != 0 || locator.getInt(16) != 1) {
                    throw new WeightFormatException(file, "multi-disk zip archives are not supported");
                }
                if (zip64 < 0 || zip64 > eocd - ZIP64_LOCATOR_SIZE - ZIP64_EOCD_SIZE) {
                    throw new WeightFormatException(file, "zip64 end record offset " + zip64 + " is outside the file");
                }
                ByteBuffer z = readFully(file, channel, zip64, ZIP64_EOCD_SIZE);
                if (z.getInt(0) != ZIP64_EOCD_SIG) {
                    throw new WeightFormatException(file, "zip64 locator does not point at a zip64 end record");
                }
                multiDisk = z.getInt(16) != 0 || z.getInt(20) != 0 || z.getLong(24) != z.getLong(32);
                entryCount = z.getLong(32);
                directorySize = z.getLong(40);
                directoryOffset = z.getLong(48);
                directoryLimit = zip64;
            }
        }
        if (multiDisk) {
            throw new WeightFormatException(file, "multi-disk zip archives are not supported");
        }
        if (entryCount < 0 || entryCount > MAX_ENTRIES) {
            throw new WeightFormatException(file, "zip archive declares " + Long.toUnsignedString(entryCount)
                    + " records; at most " + MAX_ENTRIES + " are accepted");
        }
        if (directorySize < 0 || directorySize > MAX_DIRECTORY_BYTES || directoryOffset < 0
                || directoryOffset > directoryLimit || directorySize > directoryLimit - directoryOffset) {
            throw new WeightFormatException(file, "zip central directory (offset " + directoryOffset + ", "
                    + directorySize + " bytes) does not fit before the end record at " + directoryLimit);
        }
        if (entryCount * CENTRAL_SIZE > directorySize) {
            throw new WeightFormatException(file, "zip central directory of " + directorySize
                    + " bytes cannot hold " + entryCount + " records");
        }
        ByteBuffer dir = readFully(file, channel, directoryOffset, (int) directorySize);
        List<Entry> list = new ArrayList<>((int) entryCount);
        int p = 0;
        for (long i = 0; i < entryCount; i++) {
            Entry e = parseEntry(file, dir, p);
            list.add(e);
            p += CENTRAL_SIZE + e.rawName().length + (dir.getShort(p + 30) & 0xffff) + (dir.getShort(p + 32) & 0xffff);
        }
        return new TorchCheckpointZipDirectory(file, channel, directoryOffset, list);
    }

    private static Entry parseEntry(Path file, ByteBuffer dir, int p) {
        if (dir.limit() - p < CENTRAL_SIZE || dir.getInt(p) != CENTRAL_SIG) {
            throw new WeightFormatException(file, "zip central directory entry at +" + p + " is malformed");
        }
        int flags = dir.getShort(p + 8) & 0xffff;
        int method = dir.getShort(p + 10) & 0xffff;
        int crc = dir.getInt(p + 16);
        long compressed = dir.getInt(p + 20) & U32_MAX;
        long size = dir.getInt(p + 24) & U32_MAX;
        int nameLength = dir.getShort(p + 28) & 0xffff;
        int extraLength = dir.getShort(p + 30) & 0xffff;
        int commentLength = dir.getShort(p + 32) & 0xffff;
        long local = dir.getInt(p + 42) & U32_MAX;
        int nameStart = p + CENTRAL_SIZE;
        if ((long) nameStart + nameLength + extraLength + commentLength > dir.limit()) {
            throw new WeightFormatException(file, "zip central directory entry at +" + p + " overruns the directory");
        }
        byte[] rawName = new byte[nameLength];
        dir.get(nameStart, rawName);
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(rawName)).toString();
        } catch (CharacterCodingException e) {
            throw new WeightFormatException(file, "zip record name at +" + p + " is not UTF-8");
        }
        if ((flags & 0x41) != 0) {
            throw new WeightFormatException(file, "zip record " + UntrustedText.quote(name) + " is encrypted");
        }
        // zip64 extra field: the 64-bit values of saturated fields, in this fixed order.
        int x = nameStart + nameLength;
        int extraEnd = x + extraLength;
        while (extraEnd - x >= 4) {
            int id = dir.getShort(x) & 0xffff;
            int length = dir.getShort(x + 2) & 0xffff;
            int body = x + 4;
            if (length > extraEnd - body) {
                throw new WeightFormatException(file, "zip record " + UntrustedText.quote(name)
                        + " has a malformed extra field");
            }
            if (id == 0x0001) {
                int q = body;
                int end = body + length;
                if (size == U32_MAX) {
                    size = zip64Value(file, name, dir, q, end);
                    q += 8;
                }
                if (compressed == U32_MAX) {
                    compressed = zip64Value(file, name, dir, q, end);
                    q += 8;
                }
                if (local == U32_MAX) {
                    local = zip64Value(file, name, dir, q, end);
                }
            }
            x = body + length;
        }
        return new Entry(name, rawName, flags, method, crc, compressed, size, local);
    }

    private static long zip64Value(Path file, String name, ByteBuffer dir, int at, int end) {
        if (end - at < 8 || dir.getLong(at) < 0) {
            throw new WeightFormatException(file, "zip record " + UntrustedText.quote(name)
                    + " has a malformed zip64 field");
        }
        return dir.getLong(at);
    }

    /** @return the record names in directory order */
    List<String> names() {
        return names;
    }

    /**
     * Locates a record's data through its local header.
     *
     * @param name a record name
     * @return the record, or empty if the archive has no such name
     * @throws IOException if reading fails
     * @throws WeightFormatException if the record is compressed or its data lies outside the file
     */
    Optional<Record> record(String name) throws IOException {
        Entry e = entries.get(name);
        if (e == null) {
            return Optional.empty();
        }
        if (e.method() != 0) {
            throw reject("record " + UntrustedText.quote(name) + " is compressed (method " + e.method()
                    + "). PyTorch stores records"
                    + " uncompressed, so the archive was re-packed by another tool; this reader does not inflate"
                    + " records. Re-save the checkpoint with torch.save");
        }
        if (e.compressedSize() != e.size()) {
            throw reject("stored record " + UntrustedText.quote(name) + " declares " + e.compressedSize()
                    + " stored and " + e.size()
                    + " uncompressed bytes");
        }
        if (e.localHeader() > dataLimit - LOCAL_SIZE) {
            throw reject("record " + UntrustedText.quote(name) + " has its local header outside the data area");
        }
        ByteBuffer local = readFully(file, channel, e.localHeader(), LOCAL_SIZE);
        if (local.getInt(0) != LOCAL_SIG) {
            throw reject("record " + UntrustedText.quote(name) + " has no local header at offset " + e.localHeader());
        }
        int nameLength = local.getShort(26) & 0xffff;
        int extraLength = local.getShort(28) & 0xffff;
        long data = e.localHeader() + LOCAL_SIZE + nameLength + extraLength;
        if (data > dataLimit || e.size() > dataLimit - data) {
            throw reject("record " + UntrustedText.quote(name) + " (" + e.size() + " bytes at " + data
                    + ") runs past the data area");
        }
        ByteBuffer localName = readFully(file, channel, e.localHeader() + LOCAL_SIZE, nameLength);
        if (!localName.equals(ByteBuffer.wrap(e.rawName()))) {
            throw reject("record " + UntrustedText.quote(name) + " has a different name in its local header");
        }
        return Optional.of(new Record(name, data, e.size(), e.crc32()));
    }

    /**
     * @param file for messages
     * @param channel the file
     * @param position where to read
     * @param length how much; the caller bounds it
     * @return a little-endian heap buffer of exactly {@code length} bytes
     * @throws IOException if reading fails
     * @throws WeightFormatException if the file ends first
     */
    static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new WeightFormatException(file, "file ends at " + (position + b.position()) + ", "
                        + length + " bytes from " + position + " expected");
            }
        }
        return b.flip();
    }

    private WeightFormatException reject(String message) {
        return new WeightFormatException(file, message);
    }
}
