package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors bytes by hand (independently of {@link SafetensorsWriter}) for tests. */
final class SafetensorsBytes {

    private SafetensorsBytes() {}

    /** @return an 8-byte length prefix for {@code json}, the UTF-8 JSON, then {@code dataBytes} zeros */
    static byte[] withHeader(String json, int dataBytes) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array();
    }

    /** @return the given 8-byte little-endian length followed by {@code rest} */
    static byte[] withLength(long headerLength, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).put(rest)
                .array();
    }

    static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] u16(int... bits) {
        ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : bits) {
            b.putShort((short) v);
        }
        return b.array();
    }

    static byte[] i64(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** @return the reference files' folder; the test fails (never skips) if it is absent */
    static Path goldenDir() {
        String dir = System.getProperty("faceanon.golden.dir");
        assertTrue(dir != null, "system property faceanon.golden.dir is not set");
        Path p = Path.of(dir);
        assertTrue(Files.isDirectory(p), "golden directory missing: " + p.toAbsolutePath());
        return p;
    }
}
