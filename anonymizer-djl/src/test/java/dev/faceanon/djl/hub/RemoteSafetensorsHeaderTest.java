package dev.faceanon.djl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.djl.hub.RemoteSafetensorsHeader.Slice;
import dev.faceanon.model.WeightFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The remote header is untrusted: every offset and size is checked before it is used. */
class RemoteSafetensorsHeaderTest {

    private static final Path SOURCE = Path.of("org/model@0123abcd", "model.safetensors");

    private static List<Slice> select(String json, long dataLength) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return RemoteSafetensorsHeader.select(b, SOURCE, 8 + b.length + dataLength, n -> n.startsWith("v."));
    }

    private static void rejects(String json, long dataLength, String why) {
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> select(json, dataLength));
        assertEquals(SOURCE, e.file());
        assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(why), "expected '" + why + "' in: " + e.getMessage());
    }

    @Test
    void keepsTheWantedTensorsWithAbsoluteOffsets() {
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"v.b\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[16,28]},"
                + "\"t.x\":{\"dtype\":\"I32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"v.a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[28,32]}}";
        List<Slice> s = select(json, 32);
        long base = 8 + json.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(2, s.size());
        assertEquals("v.b", s.get(0).info().name());
        assertEquals(base + 16, s.get(0).begin());
        assertEquals(base + 28, s.get(0).end());
        assertEquals("v.a", s.get(1).info().name());
        assertEquals(base + 28, s.get(1).begin());
        assertEquals(4, s.get(1).length());
    }

    /**
     * The rules themselves are tested with the weights package's header; these cases check that a
     * remote header is held to them against the data section the published size leaves.
     */
    @Test
    void rejectsHeadersThatBreakTheFormat() {
        String f32x2 = "{\"v.a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":";
        select(f32x2 + "[0,8]}}", 8);
        rejects(f32x2 + "[0,8]}}", 7, "[0, 8] reach beyond the data section of 7 bytes");
        rejects(f32x2 + "[8,0]}}", 8, "begin after they end");
        rejects(f32x2 + "[0,8]},\"v.b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12,
                "overlap");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes");
        rejects("{\"v.a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8,
                "overflows");
        rejects("{\"v.a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unsupported dtype 'Q4'");
        rejects("{\"v.a\":", 0, "ends before it is complete");
    }

    @Test
    void tensorsThatAreNotKeptAreValidatedToo() {
        // A dropped tensor still shares the data section: a bad entry there makes every offset suspect.
        rejects("{\"t.x\":{\"dtype\":\"WEIRD\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"v.a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[16,20]}}", 20,
                "unsupported dtype 'WEIRD'");
        rejects("{\"t.x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"v.a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[12,16]}}", 16, "overlap");
        rejects("{\"t.x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[4,20]},"
                + "\"v.a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", 16, "reach beyond");
    }
}
