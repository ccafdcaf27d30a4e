package dev.faceanon.djl.hub;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.faceanon.djl.weights.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the header of a safetensors file whose tensors' data follow each other without gaps in the
 * given order. The JSON is padded with spaces to a multiple of 8 bytes, so the data section starts
 * aligned, as the reference writer does.
 *
 * <p>This is the only place the hub package writes safetensors; it can be replaced by the weights
 * package's writer once that exists, since the data layout (contiguous, in list order) is all the
 * caller relies on.
 */
final class SafetensorsHeaderEncoder {
    private SafetensorsHeaderEncoder() {}

    /**
     * @param tensors the tensors, in the order their data will be written
     * @param metadata string pairs for the {@code __metadata__} entry (may be empty)
     * @return the 8-byte length followed by the padded JSON
     */
    static byte[] encode(List<TensorInfo> tensors, Map<String, String> metadata) {
        JsonObject root = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            root.add("__metadata__", meta);
        }
        long offset = 0;
        for (TensorInfo t : tensors) {
            JsonObject o = new JsonObject();
            o.addProperty("dtype", t.dtype().safetensorsName());
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            o.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset = Math.addExact(offset, t.byteSize());
            offsets.add(offset);
            o.add("data_offsets", offsets);
            if (root.has(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            root.add(t.name(), o);
        }
        byte[] json = new GsonBuilder().disableHtmlEscaping().create().toJson(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        return b.array();
    }
}
