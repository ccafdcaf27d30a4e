package dev.faceanon.djl.npm;

import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.WeightFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads named regular files out of a gzip-compressed tar archive (an npm package tarball) into memory. The archive
 * is hostile until checked:
 *
 * <ul>
 *   <li>only the entries asked for are kept, each matched by its exact name; nothing is ever written to disk, so
 *       no entry name can reach outside anything;
 *   <li>every header's checksum is verified, sizes are parsed strictly (octal digits, or a pax {@code size}
 *       record) and compared with the caller's bound for that entry before its bytes are allocated;
 *   <li>the whole uncompressed stream, pax and GNU long-name records and the number of entries are bounded;
 *   <li>an entry asked for that appears twice, is not a regular file or is missing, and a truncated or corrupt
 *       stream are errors naming the archive.
 * </ul>
 *
 * <p>The archive is read to its end, so that a second copy of a wanted entry cannot go unnoticed.
 */
public final class TarGzEntries {
    private static final int BLOCK = 512;
    private static final int MAX_ENTRIES = 100_000;
    private static final int MAX_META = 1 << 16;

    private TarGzEntries() {}

    /**
     * @param archive a {@code .tgz} file
     * @param wanted for each entry name wanted (as stored, e.g. {@code package/model/x.bin}), the most bytes it may
     *     have (below 2 GB)
     * @param maxUncompressed the most bytes the uncompressed tar stream may have
     * @return the content of each wanted entry, in the order of {@code wanted}
     * @throws MissingModelFileException if the archive does not exist
     * @throws WeightFormatException if it is not a gzip tar archive, is truncated or corrupt, exceeds a bound, or
     *     lacks a wanted entry (the message names the archive and the entry)
     * @throws UncheckedIOException if it cannot be read
     */
    public static Map<String, byte[]> read(Path archive, Map<String, Long> wanted, long maxUncompressed) {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(wanted, "wanted");
        for (Map.Entry<String, Long> w : wanted.entrySet()) {
            if (w.getValue() < 0 || w.getValue() > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("bound of " + w.getKey() + " out of range: " + w.getValue());
            }
        }
        if (!Files.isRegularFile(archive)) {
            throw new MissingModelFileException(archive, "npm package tarball");
        }
        try (InputStream in = new BoundedStream(new GZIPInputStream(new BufferedInputStream(
                Files.newInputStream(archive), 1 << 16), 1 << 16), maxUncompressed, archive)) {
            return new Reader(archive, in, wanted).readAll();
        } catch (ZipException | EOFException e) {
            throw new WeightFormatException(archive, "not a complete gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + archive, e);
        }
    }

    /** One pass over the archive's headers. */
    private static final class Reader {
        private final Path archive;
        private final InputStream in;
        private final Map<String, Long> wanted;
        private final Map<String, byte[]> found = new LinkedHashMap<>();
        private final byte[] header = new byte[BLOCK];
        private String nextName;
        private long nextSize = -1;

        Reader(Path archive, InputStream in, Map<String, Long> wanted) {
            this.archive = archive;
            this.in = in;
            this.wanted = wanted;
        }

        Map<String, byte[]> readAll() throws IOException {
            for (int entries = 0; ; entries++) {
                if (entries > MAX_ENTRIES) {
                    throw bad("more than " + MAX_ENTRIES + " entries");
                }
                if (in.readNBytes(header, 0, BLOCK) != BLOCK) {
                    throw bad("truncated: the archive ends inside a header, before its end-of-archive marker");
                }
                if (isZero(header)) {
                    break;
                }
                checkChecksum();
                char type = (char) header[156];
                String name = nextName != null ? nextName : headerName();
                long size = nextSize >= 0 ? nextSize : octal(124, 12, "size");
                nextName = null;
                nextSize = -1;
                switch (type) {
                    case 'x':
                        readPax(metadata(size, "pax header"));
                        break;
                    case 'L':
                        nextName = cString(metadata(size, "GNU long name"), 0, (int) size);
                        break;
                    case '0':
                    case '\0':
                    case '7':
                        entry(name, size, true);
                        break;
                    default:
                        entry(name, size, false);
                        break;
                }
            }
            List<String> missing = new ArrayList<>();
            Map<String, byte[]> ordered = new LinkedHashMap<>();
            for (String w : wanted.keySet()) {
                if (found.containsKey(w)) {
                    ordered.put(w, found.get(w));
                } else {
                    missing.add(w);
                }
            }
            if (!missing.isEmpty()) {
                throw bad("it has no entry " + String.join(", ", missing));
            }
            return ordered;
        }

        private void entry(String name, long size, boolean regular) throws IOException {
            Long bound = wanted.get(name);
            if (bound == null) {
                skipPadded(size);
                return;
            }
            if (!regular) {
                throw bad("entry " + name + " is not a regular file (type '" + (char) header[156] + "')");
            }
            if (found.containsKey(name)) {
                throw bad("entry " + name + " appears twice");
            }
            if (size > bound) {
                throw bad("entry " + name + " has " + size + " bytes, more than the " + bound + " expected");
            }
            found.put(name, readPadded(size));
        }

        private byte[] metadata(long size, String what) throws IOException {
            if (size > MAX_META) {
                throw bad("a " + what + " record of " + size + " bytes (at most " + MAX_META + ")");
            }
            return readPadded(size);
        }

        /** Applies the {@code path} and {@code size} records of a pax extended header to the next entry. */
        private void readPax(byte[] data) {
            int pos = 0;
            while (pos < data.length) {
                int space = indexOf(data, (byte) ' ', pos);
                if (space < 0) {
                    throw bad("a malformed pax record");
                }
                int length = parseDecimal(data, pos, space, "pax record length");
                if (length <= space - pos + 1 || pos + length > data.length || data[pos + length - 1] != '\n') {
                    throw bad("a malformed pax record");
                }
                String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
                int eq = record.indexOf('=');
                if (eq < 0) {
                    throw bad("a malformed pax record");
                }
                String key = record.substring(0, eq);
                String value = record.substring(eq + 1);
                if (key.equals("path")) {
                    nextName = value;
                } else if (key.equals("size")) {
                    byte[] digits = value.getBytes(StandardCharsets.US_ASCII);
                    nextSize = parseDecimal(digits, 0, digits.length, "pax size");
                }
                pos += length;
            }
        }

        private String headerName() {
            String name = cString(header, 0, 100);
            boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                    && header[261] == 'r';
            String prefix = ustar ? cString(header, 345, 155) : "";
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }

        private void checkChecksum() {
            long stored = octal(148, 8, "header checksum");
            long sum = 0;
            for (int i = 0; i < BLOCK; i++) {
                sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
            }
            if (sum != stored) {
                throw bad("a header's checksum does not match (corrupt archive)");
            }
        }

        /** A NUL- or space-terminated octal field; base-256 sizes (over 8 GB) are refused. */
        private long octal(int offset, int length, String field) {
            int i = offset;
            int end = offset + length;
            while (i < end && header[i] == ' ') {
                i++;
            }
            long value = 0;
            int digits = 0;
            for (; i < end && header[i] >= '0' && header[i] <= '7'; i++, digits++) {
                value = value * 8 + (header[i] - '0');
            }
            for (; i < end; i++) {
                if (header[i] != 0 && header[i] != ' ') {
                    throw bad("the " + field + " field of a header is not an octal number");
                }
            }
            if (digits == 0 || digits > 11) {
                throw bad("the " + field + " field of a header is not an octal number");
            }
            return value;
        }

        private int parseDecimal(byte[] data, int from, int to, String field) {
            if (to <= from || to - from > 9) {
                throw bad("a " + field + " that is not a decimal number below 10^9");
            }
            int v = 0;
            for (int i = from; i < to; i++) {
                if (data[i] < '0' || data[i] > '9') {
                    throw bad("a " + field + " that is not a decimal number");
                }
                v = v * 10 + (data[i] - '0');
            }
            return v;
        }

        private byte[] readPadded(long size) throws IOException {
            byte[] data = in.readNBytes((int) size);
            if (data.length != size) {
                throw bad("truncated: an entry ends after " + data.length + " of its " + size + " bytes");
            }
            skipExactly(padding(size));
            return data;
        }

        private void skipPadded(long size) throws IOException {
            skipExactly(size + padding(size));
        }

        private void skipExactly(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw bad("truncated: an entry's data ends early");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private static long padding(long size) {
            return (BLOCK - size % BLOCK) % BLOCK;
        }

        private WeightFormatException bad(String what) {
            return new WeightFormatException(archive, "not a usable npm package tarball: " + what);
        }
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] b, byte value, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Fails once more than the bound has been read, so a small archive cannot expand without limit. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private final long bound;
        private final Path archive;
        private long count;

        BoundedStream(InputStream in, long bound, Path archive) {
            this.in = in;
            this.bound = bound;
            this.archive = archive;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // InputStream.skip reads through read(byte[], int, int), so every skipped byte is counted.
            return super.skip(n);
        }

        private void counted(long n) {
            count += n;
            if (count > bound) {
                throw new WeightFormatException(archive, "not a usable npm package tarball: it expands to more than "
                        + bound + " bytes");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
