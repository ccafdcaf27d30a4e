package dev.faceanon.djl.npm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small tar.gz archives for tests, header by header, so that tests can also write what no archiver would:
 * wrong checksums, lying sizes, traversal names, missing end markers.
 */
public final class TestTarGz {
    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    /**
     * Adds a regular file.
     *
     * @param name the entry name (at most 100 bytes)
     * @param content its bytes
     * @return this writer
     */
    public TestTarGz file(String name, byte[] content) {
        return entry(name, '0', content.length, content, true);
    }

    /**
     * Adds an entry with full control over its header.
     *
     * @param name the entry name (at most 100 bytes)
     * @param type the type flag
     * @param declaredSize the size written in the header
     * @param content the bytes that follow the header (padded to 512)
     * @param goodChecksum false to write a wrong header checksum
     * @return this writer
     */
    public TestTarGz entry(String name, char type, long declaredSize, byte[] content, boolean goodChecksum) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, declaredSize);
        octal(h, 136, 12, 0);
        h[156] = (byte) type;
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, magic.length);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        octal(h, 148, 7, goodChecksum ? sum : sum + 1);
        h[155] = ' ';
        tar.writeBytes(h);
        tar.writeBytes(content);
        tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    /**
     * Adds a pax extended header holding the given records.
     *
     * @param records key=value pairs
     * @return this writer
     */
    public TestTarGz pax(String... records) {
        StringBuilder b = new StringBuilder();
        for (String r : records) {
            String body = " " + r + "\n";
            int length = body.length() + 1;
            while (Integer.toString(length).length() + body.length() != length) {
                length++;
            }
            b.append(length).append(body);
        }
        byte[] data = b.toString().getBytes(StandardCharsets.UTF_8);
        return entry("PaxHeader", 'x', data.length, data, true);
    }

    /** @return the archive with its end-of-archive marker, gzip-compressed */
    public byte[] toTgz() {
        tar.writeBytes(new byte[1024]);
        return gzip(tar.toByteArray());
    }

    /** @return the archive without its end-of-archive marker (as if cut off), gzip-compressed */
    public byte[] toTgzWithoutEnd() {
        return gzip(tar.toByteArray());
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void octal(byte[] h, int offset, int width, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > width - 1) {
            throw new IllegalArgumentException(value + " does not fit " + width + " octal digits");
        }
        s = "0".repeat(width - 1 - s.length()) + s;
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
        h[offset + width - 1] = 0;
    }
}
