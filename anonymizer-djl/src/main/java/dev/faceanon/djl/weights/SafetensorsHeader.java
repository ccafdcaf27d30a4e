package dev.faceanon.djl.weights;

import static dev.faceanon.djl.weights.WeightJsonReader.quoted;

import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The parsed and validated JSON header of a safetensors file: each tensor's type, shape and byte
 * range in the data section, and the free-form {@code __metadata__}.
 *
 * <p>Validation rules (all checked before anything is allocated from a size or offset the header
 * declares; the parsed entries themselves are bounded by {@link #MAX_TENSORS} and {@link
 * #MAX_RANK}):
 *
 * <ul>
 *   <li>the header is one strict JSON object in valid UTF-8; no key appears twice in it, in
 *       a tensor entry or in {@code __metadata__};
 *   <li>at most {@link #MAX_TENSORS} tensors;
 *   <li>{@code __metadata__}, if present, maps strings to strings;
 *   <li>every other value is an object with {@code dtype} (a type {@link TensorDType} knows),
 *       {@code shape} (at most {@link #MAX_RANK} integers in {@code [0, 2^63)}) and {@code
 *       data_offsets} (two such integers, begin &lt;= end &lt;= data section length);
 *   <li>other fields of a tensor entry are ignored, as the reference implementation does, but
 *       may nest at most {@link WeightJsonReader#MAX_SKIP_DEPTH} levels;
 *   <li>the element count times the element size is computed without overflow and equals {@code
 *       end - begin};
 *   <li>ordered by their offsets, the tensors tile the data section as the reference validator
 *       requires: the first starts at 0, each starts where the one before it ends, the last ends
 *       at the end of the section. So no two tensors share a byte, and no byte (a gap between
 *       tensors, trailing bytes after the last one) belongs to none; a tensor of zero bytes sits
 *       between two others, never inside one.
 * </ul>
 *
 * <p>The header need not come from a local file: {@link #parse} reads any stream, and {@link
 * #headerLength} checks the length prefix against a size known beforehand, so a header fetched
 * over the network is held to exactly the rules a local file is. The path given to both only
 * names the source in messages.
 */
public final class SafetensorsHeader {

    /** Size of the little-endian header length that starts every safetensors file. */
    public static final int LENGTH_PREFIX_BYTES = 8;
    /** Largest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Most tensors accepted; published checkpoints hold a few thousand at most per file. */
    public static final int MAX_TENSORS = 1 << 18;
    /** Highest rank accepted; diffusion and transformer weights have rank 4 at most. */
    public static final int MAX_RANK = 8;

    static final String METADATA_KEY = "__metadata__";

    /**
     * One tensor's description and its byte range {@code [begin, end)} in the data section.
     *
     * @param info name, dtype and shape
     * @param begin offset of the first byte, relative to the start of the data section
     * @param end offset just past the last byte
     */
    public record Entry(TensorInfo info, long begin, long end) {
        /**
         * Creates an instance, checking its components.
         *
         * @param info name, dtype and shape
         * @param begin offset of the first byte, relative to the start of the data section
         * @param end offset just past the last byte
         * @throws NullPointerException if the tensor info is null
         * @throws IllegalArgumentException if the range is negative or does not span exactly the
         *     tensor's byte size
         */
        public Entry {
            Objects.requireNonNull(info, "info");
            if (begin < 0 || end - begin != info.byteSize()) {
                throw new IllegalArgumentException("tensor " + info + " of " + info.byteSize()
                        + " bytes cannot occupy [" + begin + ", " + end + ")");
            }
        }

        /** @return the number of bytes of the tensor's data */
        public long byteSize() {
            return end - begin;
        }
    }

    private final List<Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = List.copyOf(entries);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Checks that a file of this size can hold the length prefix; call it before reading the
     * prefix.
     *
     * @param source the file, or a descriptive stand-in for a remote one, named in errors
     * @param fileSize the size of the whole file
     * @throws WeightFormatException if the file is shorter than {@link #LENGTH_PREFIX_BYTES}
     */
    public static void checkHoldsLengthPrefix(Path source, long fileSize) {
        if (fileSize < LENGTH_PREFIX_BYTES) {
            throw new WeightFormatException(source, "the file is " + fileSize
                    + " bytes long, too short for a safetensors file (8-byte header length, then the header)");
        }
    }

    /**
     * Decodes the length prefix and checks it against {@link #MAX_HEADER_BYTES} and the size of
     * the file, so that the caller can read (or request) exactly that many header bytes.
     *
     * @param prefix the first {@link #LENGTH_PREFIX_BYTES} bytes of the file
     * @param source the file, or a descriptive stand-in for a remote one, named in errors
     * @param fileSize the size of the whole file
     * @return the length of the JSON header, at most {@code fileSize - 8}
     * @throws WeightFormatException if the file cannot hold the prefix or the length is out of
     *     bounds; the message names the format the prefix looks like if it is not safetensors
     * @throws IllegalArgumentException if {@code prefix} is not {@link #LENGTH_PREFIX_BYTES} long
     */
    public static long headerLength(byte[] prefix, Path source, long fileSize) {
        if (prefix.length != LENGTH_PREFIX_BYTES) {
            throw new IllegalArgumentException("the length prefix is " + LENGTH_PREFIX_BYTES + " bytes, got "
                    + prefix.length);
        }
        checkHoldsLengthPrefix(source, fileSize);
        long headerLength = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (Long.compareUnsigned(headerLength, MAX_HEADER_BYTES) > 0) {
            throw new WeightFormatException(source, "the header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes" + formatHint(prefix));
        }
        if (headerLength > fileSize - LENGTH_PREFIX_BYTES) {
            throw new WeightFormatException(source, "the header length " + headerLength + " exceeds the "
                    + (fileSize - LENGTH_PREFIX_BYTES) + " bytes that follow it: the file is truncated or not"
                    + " safetensors" + formatHint(prefix));
        }
        return headerLength;
    }

    /**
     * Parses and validates a header.
     *
     * @param json the header bytes (exactly the header; read to the end, not closed)
     * @param source the file, or a descriptive stand-in for a remote one, named in errors
     * @param dataLength the length of the data section that follows the header
     * @return the validated header
     * @throws WeightFormatException if the header breaks any rule of the class comment
     * @throws IOException if reading {@code json} fails
     */
    public static SafetensorsHeader parse(InputStream json, Path source, long dataLength) throws IOException {
        WeightJsonReader r = WeightJsonReader.of(json, source);
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        Set<String> keys = new HashSet<>();
        r.beginObject("the header");
        while (r.hasNext()) {
            String name = r.nextName();
            if (!keys.add(name)) {
                throw r.errorHere("duplicate key " + quoted(name) + " in the header");
            }
            if (METADATA_KEY.equals(name)) {
                metadata = readMetadata(r);
            } else {
                if (entries.size() == MAX_TENSORS) {
                    throw r.error("more than " + MAX_TENSORS + " tensors in the header");
                }
                entries.add(readEntry(r, name, dataLength));
            }
        }
        r.endObject();
        r.expectEndOfDocument();
        checkTensorsTileTheData(r, entries, dataLength);
        return new SafetensorsHeader(entries, metadata);
    }

    /** @return the tensors in header order */
    public List<Entry> entries() {
        return entries;
    }

    /** @return the {@code __metadata__} map, in file order; empty if absent */
    public Map<String, String> metadata() {
        return metadata;
    }

    private static Map<String, String> readMetadata(WeightJsonReader r) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        r.beginObject("__metadata__");
        while (r.hasNext()) {
            String key = r.nextName();
            if (out.containsKey(key)) {
                throw r.errorHere("duplicate key " + quoted(key) + " in __metadata__");
            }
            out.put(key, r.nextString("__metadata__ value of " + quoted(key)));
        }
        r.endObject();
        return out;
    }

    private static Entry readEntry(WeightJsonReader r, String name, long dataLength) throws IOException {
        String tensor = "tensor " + quoted(name);
        String dtypeName = null;
        long[] shape = null;
        long[] offsets = null;
        r.beginObject("the entry of " + tensor);
        Set<String> fields = new HashSet<>();
        while (r.hasNext()) {
            String field = r.nextName();
            if (!fields.add(field)) {
                throw r.errorHere(tensor + " has the field " + quoted(field) + " twice");
            }
            switch (field) {
                case "dtype":
                    dtypeName = r.nextString("the dtype of " + tensor);
                    break;
                case "shape":
                    shape = readIntegers(r, "the shape of " + tensor, "dimension", MAX_RANK);
                    break;
                case "data_offsets":
                    offsets = readIntegers(r, "the data_offsets of " + tensor, "offset", 2);
                    break;
                default:
                    r.skipValue("field " + quoted(field) + " of " + tensor);
            }
        }
        r.endObject();
        return validated(r, name, require(r, dtypeName, tensor, "dtype"), require(r, shape, tensor, "shape"),
                require(r, offsets, tensor, "data_offsets"), dataLength);
    }

    private static <T> T require(WeightJsonReader r, T value, String tensor, String field) {
        if (value == null) {
            throw r.error(tensor + " lacks '" + field + "'");
        }
        return value;
    }

    private static Entry validated(WeightJsonReader r, String name, String dtypeName, long[] shape, long[] offsets,
            long dataLength) {
        String tensor = "tensor " + quoted(name);
        TensorDType dtype = TensorDType.fromSafetensorsName(dtypeName).orElseThrow(() -> r.error(
                tensor + " has the unsupported dtype " + quoted(dtypeName) + "; supported: " + supportedDtypes()));
        if (offsets.length != 2) {
            throw r.error("the data_offsets of " + tensor + " hold " + offsets.length
                    + " values, expected two: [begin, end]");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw r.error("the data_offsets of " + tensor + " begin after they end: [" + begin + ", " + end
                    + "]");
        }
        if (end > dataLength) {
            throw r.error("the data_offsets of " + tensor + " [" + begin + ", " + end
                    + "] reach beyond the data section of " + dataLength
                    + " bytes: the file is truncated or its header is corrupt");
        }
        long bytes = byteSize(r, tensor, dtype, shape);
        if (bytes != end - begin) {
            throw r.error(tensor + " of dtype " + dtype.safetensorsName() + " and shape "
                    + Arrays.toString(shape) + " needs " + bytes + " bytes but its data_offsets ["
                    + begin + ", " + end + "] span " + (end - begin));
        }
        return new Entry(new TensorInfo(name, dtype, shape), begin, end);
    }

    private static long[] readIntegers(WeightJsonReader r, String what, String element, int max)
            throws IOException {
        long[] values = new long[max];
        int n = 0;
        r.beginArray(what);
        while (r.hasNext()) {
            if (n == max) {
                throw r.error(what + " has more than " + max + " entries"
                        + (max == MAX_RANK ? " (rank above " + MAX_RANK + ")" : ""));
            }
            values[n] = r.nextUnsignedLong(element + " " + n + " of " + what);
            n++;
        }
        r.endArray();
        return Arrays.copyOf(values, n);
    }

    private static long byteSize(WeightJsonReader r, String tensor, TensorDType dtype, long[] shape) {
        try {
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            return Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw r.error("the element count of " + tensor + " with shape " + Arrays.toString(shape)
                    + " overflows 64 bits");
        }
    }

    /**
     * The reference implementation's rule: ordered by their offsets, the tensors tile the data
     * section, each starting where the one before it ends, from offset 0 to the section's end. Bytes
     * no tensor owns could hide anything, and bytes two tensors own make one tensor's data depend on
     * the other's.
     */
    private static void checkTensorsTileTheData(WeightJsonReader r, List<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw r.error(e.byteSize() == 0
                        ? "the empty tensor " + quoted(e.info().name()) + " at offset " + e.begin()
                                + " lies inside the data of tensor " + quoted(previous.info().name()) + " "
                                + range(previous) + "; each tensor must start where the one before it ends"
                        : "the data of tensors " + quoted(previous.info().name()) + " " + range(previous) + " and "
                                + quoted(e.info().name()) + " " + range(e) + " overlap");
            }
            if (e.begin() > covered) {
                throw r.error("bytes [" + covered + ", " + e.begin() + ") of the data section belong to no tensor"
                        + " (a gap before tensor " + quoted(e.info().name()) + " " + range(e)
                        + "); the tensors must fill the data section without gaps");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != dataLength) {
            throw r.error("the data section is " + dataLength + " bytes but its tensors end at byte " + covered
                    + ": the " + (dataLength - covered) + " bytes after them belong to no tensor");
        }
    }

    private static String range(Entry e) {
        return "[" + e.begin() + ", " + e.end() + "]";
    }

    private static String supportedDtypes() {
        StringBuilder b = new StringBuilder();
        for (TensorDType t : TensorDType.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(t.safetensorsName());
        }
        return b.toString();
    }

    /** Names the format a file looks like when it is not safetensors, for a more useful message. */
    private static String formatHint(byte[] prefix) {
        if (prefix[0] == 'P' && prefix[1] == 'K') {
            return " (the file starts like a ZIP archive: a PyTorch checkpoint rather than safetensors?)";
        }
        if ((prefix[0] & 0xff) == 0x80) {
            return " (the file starts like a Python pickle: a legacy PyTorch checkpoint rather than safetensors?)";
        }
        return "";
    }
}
