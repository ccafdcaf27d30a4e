package dev.faceanon.djl.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.djl.weights.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The header of a safetensors file read over the network (8-byte little-endian length, then JSON),
 * validated before any of its offsets is used to request data: the server is untrusted, so every
 * length and offset is checked against the file size the hub published.
 */
final class RemoteSafetensorsHeader {
    /** The format's own ceiling on the header size. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final int MAX_TENSORS = 1_000_000;
    private static final int MAX_RANK = 16;

    /**
     * One tensor kept from the remote file.
     *
     * @param info name, dtype and shape
     * @param begin offset of its data in the remote file (absolute, header included)
     * @param end offset just past its data
     */
    record Slice(TensorInfo info, long begin, long end) {
        long length() {
            return end - begin;
        }
    }

    private RemoteSafetensorsHeader() {}

    /**
     * @param prefix the first 8 bytes of the file
     * @param fileSize the published file size
     * @return the JSON header length
     * @throws IllegalArgumentException if the length is out of bounds
     */
    static long headerLength(byte[] prefix, long fileSize) {
        if (prefix.length != 8) {
            throw new IllegalArgumentException("need the 8-byte length prefix, got " + prefix.length + " bytes");
        }
        long n = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER_BYTES || n > fileSize - 8) {
            throw new IllegalArgumentException("header length " + Long.toUnsignedString(n) + " is impossible for a "
                    + fileSize + "-byte file (limit " + MAX_HEADER_BYTES + ")");
        }
        return n;
    }

    /**
     * Parses and validates the header and returns the tensors to keep, ordered by their data offset.
     *
     * @param json the JSON header bytes
     * @param fileSize the published file size
     * @param keep which tensor names to keep
     * @return the kept tensors
     * @throws IllegalArgumentException naming the first problem found
     */
    static List<Slice> select(byte[] json, long fileSize, Predicate<String> keep) {
        long dataStart = 8L + json.length;
        long dataLength = fileSize - dataStart;
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("the header is not a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("the header is not valid JSON: " + e.getMessage(), e);
        }
        if (root.size() > MAX_TENSORS) {
            throw new IllegalArgumentException("the header lists " + root.size() + " tensors");
        }
        List<Slice> kept = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : root.entrySet()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            if (!entry.getValue().isJsonObject()) {
                throw new IllegalArgumentException("tensor '" + name + "' is not described by an object");
            }
            JsonObject t = entry.getValue().getAsJsonObject();
            long[] offsets = longs(t, "data_offsets", name, 2);
            if (offsets.length != 2 || offsets[0] > offsets[1] || offsets[1] > dataLength) {
                throw new IllegalArgumentException("tensor '" + name + "' has data offsets outside the "
                        + dataLength + "-byte data section");
            }
            if (!keep.test(name)) {
                continue;
            }
            String dtypeName = t.has("dtype") && t.get("dtype").isJsonPrimitive() ? t.get("dtype").getAsString() : "";
            TensorDType dtype = TensorDType.fromSafetensorsName(dtypeName).orElseThrow(
                    () -> new IllegalArgumentException("tensor '" + name + "' has unsupported dtype '" + dtypeName
                            + "'"));
            TensorInfo info;
            try {
                info = new TensorInfo(name, dtype, longs(t, "shape", name, MAX_RANK));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("tensor '" + name + "' has a shape whose size overflows", e);
            }
            if (info.byteSize() != offsets[1] - offsets[0]) {
                throw new IllegalArgumentException("tensor '" + name + "' occupies " + (offsets[1] - offsets[0])
                        + " bytes but its dtype and shape need " + info.byteSize());
            }
            kept.add(new Slice(info, dataStart + offsets[0], dataStart + offsets[1]));
        }
        kept.sort(Comparator.comparingLong(Slice::begin).thenComparingLong(Slice::end));
        for (int i = 1; i < kept.size(); i++) {
            if (kept.get(i).begin() < kept.get(i - 1).end()) {
                throw new IllegalArgumentException("tensors '" + kept.get(i - 1).info().name() + "' and '"
                        + kept.get(i).info().name() + "' overlap");
            }
        }
        return kept;
    }

    private static long[] longs(JsonObject t, String field, String name, int maxLength) {
        JsonElement e = t.get(field);
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() > maxLength) {
            throw new IllegalArgumentException("tensor '" + name + "' lacks a valid '" + field + "' array");
        }
        JsonArray a = e.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            try {
                if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
                    throw new NumberFormatException("not a number");
                }
                out[i] = Long.parseLong(x.getAsString());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("tensor '" + name + "' has a non-integer in '" + field + "'", ex);
            }
            if (out[i] < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative value in '" + field + "'");
            }
        }
        return out;
    }
}
