package dev.faceanon.djl.weights;

import com.google.gson.stream.JsonWriter;
import dev.faceanon.djl.weights.SafetensorsHeader.Entry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where everything goes in a safetensors file, worked out from the tensors' descriptions alone:
 * the bytes before the data (length prefix and header) and each tensor's range in the data
 * section. {@link SafetensorsWriter} fills this layout with data it holds; a caller that streams
 * the data from elsewhere (a partial download) writes {@link #prefixAndHeader()} and then each
 * tensor's bytes in the order of {@link #entries()}.
 *
 * <p>The layout is the reference writer's (the {@code safetensors} library): data ordered by
 * descending element alignment, then by the names' UTF-8 bytes, without gaps; {@code
 * __metadata__} first in the header, its keys sorted; the header padded with spaces to a multiple
 * of 8 bytes so that the data section, and with it every tensor, starts aligned. Every file laid
 * out here is within the limits of {@link SafetensorsHeader}, so {@link SafetensorsFile} reads it
 * back.
 */
public final class SafetensorsLayout {

    private final byte[] prefixAndHeader;
    private final List<Entry> entries;
    private final long dataLength;

    private SafetensorsLayout(byte[] prefixAndHeader, List<Entry> entries, long dataLength) {
        this.prefixAndHeader = prefixAndHeader;
        this.entries = List.copyOf(entries);
        this.dataLength = dataLength;
    }

    /**
     * Lays out a file.
     *
     * @param tensors the tensors, in any order
     * @param metadata the free-form {@code __metadata__} entries (none: empty)
     * @return the layout
     * @throws IllegalArgumentException if a name repeats or is {@code __metadata__}, or the file
     *     would break a limit of {@link SafetensorsHeader} (tensor count, rank, header size, a
     *     data section above 2^63 bytes)
     */
    public static SafetensorsLayout of(Collection<TensorInfo> tensors, Map<String, String> metadata) {
        if (tensors.size() > SafetensorsHeader.MAX_TENSORS) {
            throw new IllegalArgumentException(tensors.size() + " tensors exceed the limit of "
                    + SafetensorsHeader.MAX_TENSORS + " that readers accept");
        }
        metadata.forEach((k, v) -> {
            Objects.requireNonNull(k, "metadata key");
            Objects.requireNonNull(v, "metadata value");
        });
        Set<String> names = new HashSet<>();
        for (TensorInfo t : tensors) {
            checkName(t.name(), names);
            names.add(t.name());
            if (t.rank() > SafetensorsHeader.MAX_RANK) {
                throw new IllegalArgumentException("tensor " + t + " has a rank above the limit of "
                        + SafetensorsHeader.MAX_RANK + " that readers accept");
            }
        }
        List<Entry> entries = new ArrayList<>(tensors.size());
        long offset = 0;
        for (TensorInfo t : dataOrder(tensors)) {
            long end;
            try {
                end = Math.addExact(offset, t.byteSize());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the data section would exceed 2^63 bytes", e);
            }
            entries.add(new Entry(t, offset, end));
            offset = end;
        }
        byte[] json = paddedJson(entries, new TreeMap<>(metadata));
        if (json.length > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header would be " + json.length + " bytes, above the limit of "
                    + SafetensorsHeader.MAX_HEADER_BYTES + " that readers accept");
        }
        byte[] out = ByteBuffer.allocate(SafetensorsHeader.LENGTH_PREFIX_BYTES + json.length)
                .order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json).array();
        return new SafetensorsLayout(out, entries, offset);
    }

    /** @return a copy of the bytes before the data section: the 8-byte length, then the header */
    public byte[] prefixAndHeader() {
        return prefixAndHeader.clone();
    }

    /** @return the tensors in data order, with their ranges relative to {@link #dataStart()} */
    public List<Entry> entries() {
        return entries;
    }

    /** @return the file offset of the data section: the length of {@link #prefixAndHeader()} */
    public long dataStart() {
        return prefixAndHeader.length;
    }

    /** @return the length of the data section: the sum of the tensors' byte sizes */
    public long dataLength() {
        return dataLength;
    }

    /** @return the size of the whole file */
    public long fileSize() {
        return dataStart() + dataLength;
    }

    /** @return the prefix and header, read-only and not copied: the writer's view */
    ByteBuffer prefixAndHeaderView() {
        return ByteBuffer.wrap(prefixAndHeader).asReadOnlyBuffer();
    }

    /**
     * @param name a tensor's name
     * @param taken the names already given
     * @throws IllegalArgumentException if the name is reserved or taken
     */
    static void checkName(String name, Set<String> taken) {
        if (name.equals(SafetensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("'" + SafetensorsHeader.METADATA_KEY
                    + "' is reserved and cannot name a tensor");
        }
        if (taken.contains(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' is given twice");
        }
    }

    private static List<TensorInfo> dataOrder(Collection<TensorInfo> tensors) {
        List<TensorInfo> order = new ArrayList<>(tensors);
        Comparator<TensorInfo> byAlignment = Comparator.comparingInt(t -> -referenceRank(t.dtype()));
        order.sort(byAlignment.thenComparing((a, b) -> Arrays.compareUnsigned(
                a.name().getBytes(StandardCharsets.UTF_8), b.name().getBytes(StandardCharsets.UTF_8))));
        return order;
    }

    /**
     * The position of a type in the reference implementation's dtype enumeration, which it keeps
     * in increasing alignment order and sorts by (descending) before names. The gaps are types
     * this library does not read (F8_E5M2, F8_E4M3, U16, U32).
     */
    private static int referenceRank(TensorDType t) {
        switch (t) {
            case BOOL:
                return 0;
            case U8:
                return 1;
            case I8:
                return 2;
            case I16:
                return 5;
            case F16:
                return 7;
            case BF16:
                return 8;
            case I32:
                return 9;
            case F32:
                return 11;
            case F64:
                return 12;
            case I64:
                return 13;
            default:
                throw new IllegalArgumentException("no reference rank for " + t);
        }
    }

    private static byte[] paddedJson(List<Entry> entries, Map<String, String> metadata) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject();
            if (!metadata.isEmpty()) {
                json.name(SafetensorsHeader.METADATA_KEY).beginObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    json.name(e.getKey()).value(e.getValue());
                }
                json.endObject();
            }
            for (Entry e : entries) {
                json.name(e.info().name()).beginObject();
                json.name("dtype").value(e.info().dtype().safetensorsName());
                json.name("shape").beginArray();
                for (long d : e.info().shape()) {
                    json.value(d);
                }
                json.endArray();
                json.name("data_offsets").beginArray().value(e.begin()).value(e.end()).endArray();
                json.endObject();
            }
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(utf8, padded);
        Arrays.fill(out, utf8.length, padded, (byte) ' ');
        return out;
    }
}
