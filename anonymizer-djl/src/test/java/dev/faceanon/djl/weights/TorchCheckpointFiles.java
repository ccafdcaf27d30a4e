package dev.faceanon.djl.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The committed fixtures, and hand-built checkpoints for the malformed cases. */
final class TorchCheckpointFiles {

    private TorchCheckpointFiles() {}

    /**
     * @param name a file written by make_fixtures.py
     * @return its path in the test classpath
     */
    static Path fixture(String name) {
        try {
            var url = TorchCheckpointFiles.class.getResource("torch/" + name);
            if (url == null) {
                throw new IllegalStateException("missing test fixture torch/" + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] read(String fixture) {
        try {
            return Files.readAllBytes(fixture(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The magic number, protocol version and sys_info pickles of the legacy format. */
    static byte[] legacyPrefix(boolean littleEndian) {
        // 0x1950a86a20f9469cfc6c as LONG1: 10 little-endian bytes, as Python writes it.
        byte[] magic = new BigInteger("1950a86a20f9469cfc6c", 16).toByteArray();
        byte[] le = new byte[magic.length];
        for (int i = 0; i < magic.length; i++) {
            le[i] = magic[magic.length - 1 - i];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PickleBytes.proto2().op(PickleOpcode.LONG1).u8(le.length).raw(le).stop().bytes());
        out.writeBytes(PickleBytes.proto2().integer(1001).stop().bytes());
        out.writeBytes(PickleBytes.proto2().op(PickleOpcode.EMPTY_DICT).mark().str("protocol_version").integer(1001)
                .str("little_endian").op(littleEndian ? PickleOpcode.NEWTRUE : PickleOpcode.NEWFALSE)
                .op(PickleOpcode.SETITEMS).stop().bytes());
        return out.toByteArray();
    }

    /**
     * @param main the main pickle
     * @param keys the storage key list
     * @param counts the element count written before each storage
     * @param data each storage's bytes
     * @return a legacy checkpoint
     */
    static byte[] legacy(byte[] main, List<String> keys, long[] counts, byte[][] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(legacyPrefix(true));
        out.writeBytes(main);
        PickleBytes list = PickleBytes.proto2().op(PickleOpcode.EMPTY_LIST).mark();
        for (String k : keys) {
            list.str(k);
        }
        out.writeBytes(list.op(PickleOpcode.APPENDS).stop().bytes());
        for (int i = 0; i < counts.length; i++) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(counts[i]).array());
            out.writeBytes(data[i]);
        }
        return out.toByteArray();
    }

    /**
     * @param records name to content, in order
     * @param deflate whether to compress the records (torch never does)
     * @return a zip archive
     */
    static byte[] zip(Map<String, byte[]> records, boolean deflate) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> r : records.entrySet()) {
                ZipEntry e = new ZipEntry(r.getKey());
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(r.getValue());
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(r.getValue().length);
                    e.setCompressedSize(r.getValue().length);
                    e.setCrc(crc.getValue());
                } else {
                    e.setMethod(ZipEntry.DEFLATED);
                }
                zip.putNextEntry(e);
                zip.write(r.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A little-endian float32 storage. */
    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
