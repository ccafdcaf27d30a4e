package dev.faceanon.djl.weights;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes a safetensors file laid out as the reference writer (the {@code safetensors} library)
 * lays it out: tensors ordered by descending element alignment, then by name; {@code
 * __metadata__} first in the header; the header padded with spaces to a multiple of 8 bytes so
 * that the data section starts aligned.
 *
 * <p>Collect tensors with {@link #add}, then call {@link #write(Path)} or {@link #toByteArray()}.
 * Data is not copied when added: arrays and buffers must not change until written. Not thread
 * safe.
 */
public final class SafetensorsWriter {

    private record Pending(TensorInfo info, ByteBuffer data) {}

    private final Map<String, Pending> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new TreeMap<>();

    /** Creates a writer with no tensors and no metadata. */
    public SafetensorsWriter() {}

    /**
     * Adds a tensor.
     *
     * @param name the key; unique, not {@code __metadata__}
     * @param dtype the element type
     * @param shape the dimensions (empty for a scalar)
     * @param data exactly the tensor's bytes, little-endian, row-major
     * @return this writer
     * @throws IllegalArgumentException if the name is taken or reserved, the shape is invalid, or
     *     the data length does not match dtype and shape
     */
    public SafetensorsWriter add(String name, TensorDType dtype, long[] shape, byte[] data) {
        return add(name, dtype, shape, ByteBuffer.wrap(data));
    }

    /**
     * Adds a tensor.
     *
     * @param name the key; unique, not {@code __metadata__}
     * @param dtype the element type
     * @param shape the dimensions (empty for a scalar)
     * @param data the tensor's bytes from position to limit, little-endian, row-major; the
     *     buffer's position is not changed
     * @return this writer
     * @throws IllegalArgumentException if the name is taken or reserved, the shape is invalid, or
     *     the data length does not match dtype and shape
     */
    public SafetensorsWriter add(String name, TensorDType dtype, long[] shape, ByteBuffer data) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        if (name.equals("__metadata__")) {
            throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
        }
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' was already added");
        }
        TensorInfo info;
        try {
            info = new TensorInfo(name, dtype, shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the size of tensor '" + name + "' with shape "
                    + Arrays.toString(shape) + " overflows", e);
        }
        if (data.remaining() != info.byteSize()) {
            throw new IllegalArgumentException("tensor " + info + " needs " + info.byteSize() + " bytes, "
                    + data.remaining() + " given");
        }
        tensors.put(name, new Pending(info, data.slice()));
        return this;
    }

    /**
     * Adds a free-form {@code __metadata__} entry (written in key order).
     *
     * @param key the key
     * @param value the value
     * @return this writer
     */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * @return the whole file's bytes
     * @throws IllegalStateException if the file would exceed the largest Java array
     */
    public byte[] toByteArray() {
        List<Pending> order = dataOrder();
        byte[] header = header(order);
        long total = 8L + header.length + dataLength(order);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the file would be " + total + " bytes, too large for an array");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        for (Pending p : order) {
            out.put(p.data().duplicate());
        }
        return out.array();
    }

    /**
     * Writes the file, replacing any existing file.
     *
     * @param file where to write
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        List<Pending> order = dataOrder();
        byte[] header = header(order);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            writeFully(out, prefix);
            writeFully(out, ByteBuffer.wrap(header));
            for (Pending p : order) {
                writeFully(out, p.data().duplicate());
            }
        }
    }

    private List<Pending> dataOrder() {
        List<Pending> order = new ArrayList<>(tensors.values());
        Comparator<Pending> byAlignment = Comparator.comparingInt(p -> -referenceRank(p.info().dtype()));
        order.sort(byAlignment.thenComparing((a, b) -> Arrays.compareUnsigned(
                a.info().name().getBytes(StandardCharsets.UTF_8), b.info().name().getBytes(StandardCharsets.UTF_8))));
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

    private byte[] header(List<Pending> order) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject();
            if (!metadata.isEmpty()) {
                json.name("__metadata__").beginObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    json.name(e.getKey()).value(e.getValue());
                }
                json.endObject();
            }
            long offset = 0;
            for (Pending p : order) {
                json.name(p.info().name()).beginObject();
                json.name("dtype").value(p.info().dtype().safetensorsName());
                json.name("shape").beginArray();
                for (long d : p.info().shape()) {
                    json.value(d);
                }
                json.endArray();
                long end = offset + p.info().byteSize();
                json.name("data_offsets").beginArray().value(offset).value(end).endArray();
                json.endObject();
                offset = end;
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

    private static long dataLength(List<Pending> order) {
        long total = 0;
        for (Pending p : order) {
            total = Math.addExact(total, p.info().byteSize());
        }
        return total;
    }

    private static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            out.write(data);
        }
    }
}
