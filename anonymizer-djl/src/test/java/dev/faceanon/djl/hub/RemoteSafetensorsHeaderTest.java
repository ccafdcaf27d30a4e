package dev.faceanon.djl.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.hub.RemoteSafetensorsHeader.Slice;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.djl.weights.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The remote header is untrusted: every offset and size is checked before it is used. */
class RemoteSafetensorsHeaderTest {

    private static List<Slice> select(String json, long dataLength) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return RemoteSafetensorsHeader.select(b, 8 + b.length + dataLength, n -> n.startsWith("v."));
    }

    private static void rejects(String json, long dataLength, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> select(json, dataLength));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void keepsTheWantedTensorsInFileOrderWithAbsoluteOffsets() {
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"v.b\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[16,28]},"
                + "\"t.x\":{\"dtype\":\"WEIRD\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"v.a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[28,32]}}";
        List<Slice> s = select(json, 32);
        long base = 8 + json.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(2, s.size());
        assertEquals("v.b", s.get(0).info().name());
        assertEquals(base + 16, s.get(0).begin());
        assertEquals(base + 28, s.get(0).end());
        assertEquals("v.a", s.get(1).info().name());
        assertEquals(4, s.get(1).length());
    }

    @Test
    void rejectsMalformedHeaders() {
        rejects("[1]", 0, "not a JSON object");
        rejects("{\"v.a\":", 0, "not valid JSON");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "outside");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "outside");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "need 12");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "negative");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]}}", 8, "non-integer");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", 8, "non-integer");
        rejects("{\"v.a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unsupported dtype");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8,
                "overflows");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"v.b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "overlap");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "data_offsets");
        rejects("{\"v.a\":3}", 8, "not described by an object");
    }

    @Test
    void theLengthPrefixIsBoundedByTheFileAndTheFormat() {
        assertEquals(100, RemoteSafetensorsHeader.headerLength(le(100), 108));
        assertThrows(IllegalArgumentException.class, () -> RemoteSafetensorsHeader.headerLength(le(101), 108));
        assertThrows(IllegalArgumentException.class, () -> RemoteSafetensorsHeader.headerLength(le(-1), 1L << 40));
        assertThrows(IllegalArgumentException.class,
                () -> RemoteSafetensorsHeader.headerLength(le(200_000_000), 1L << 40));
        assertThrows(IllegalArgumentException.class, () -> RemoteSafetensorsHeader.headerLength(new byte[4], 100));
    }

    @Test
    void theEncoderWritesAContiguousAlignedHeaderThatParsesBack() {
        List<TensorInfo> ts = List.of(new TensorInfo("v.x\"q", TensorDType.F16, new long[] {3}),
                new TensorInfo("v.y", TensorDType.I64, new long[] {2, 1}));
        byte[] h = SafetensorsHeaderEncoder.encode(ts, Map.of("format", "pt"));
        assertEquals(0, h.length % 8);
        long n = ByteBuffer.wrap(h, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(h.length - 8, n);
        JsonObject o = JsonParser.parseString(new String(h, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals("pt", o.getAsJsonObject("__metadata__").get("format").getAsString());
        assertEquals(0, o.getAsJsonObject("v.x\"q").getAsJsonArray("data_offsets").get(0).getAsLong());
        assertEquals(6, o.getAsJsonObject("v.x\"q").getAsJsonArray("data_offsets").get(1).getAsLong());
        assertEquals(6, o.getAsJsonObject("v.y").getAsJsonArray("data_offsets").get(0).getAsLong());
        assertEquals(22, o.getAsJsonObject("v.y").getAsJsonArray("data_offsets").get(1).getAsLong());
        // And the validating parser accepts what the encoder wrote.
        byte[] json = new byte[(int) n];
        System.arraycopy(h, 8, json, 0, json.length);
        List<Slice> back = RemoteSafetensorsHeader.select(json, h.length + 22, name -> true);
        assertArrayEquals(new long[] {2, 1}, back.get(1).info().shape());
    }

    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
