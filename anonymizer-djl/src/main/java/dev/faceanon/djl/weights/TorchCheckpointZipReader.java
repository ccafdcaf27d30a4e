package dev.faceanon.djl.weights;

import dev.faceanon.model.WeightFormatException;
import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Reads the zip format of {@code torch.save} (torch 1.6 and later): {@code <archive>/data.pkl}
 * holds the pickled object, whose storages are persistent ids naming {@code <archive>/data/<key>}
 * records of raw little-endian bytes; {@code <archive>/byteorder} (torch 2.1+, absent means
 * little) and {@code <archive>/version} describe the encoding.
 *
 * <p>A TorchScript archive ({@code torch.jit.save}) has the same records plus {@code code/},
 * {@code constants.pkl} and debug records; only {@code data.pkl} and the storages it references
 * are read, so the archive's code is never looked at, let alone compiled or run.
 *
 * <p>The pickle's CRC is checked (it is small); storage CRCs are not, as that would read every
 * weight at open, and the bounds checks are what keeps reads inside the file.
 */
final class TorchCheckpointZipReader {
    /** The pickle is memory-mapped, not copied; this bounds the work of interpreting it. */
    static final long MAX_PICKLE_BYTES = 256L << 20;
    /** Newest archive format version torch writes is 3; later ones may change the layout. */
    private static final int MAX_FORMAT_VERSION = 10;
    private static final int MAX_SMALL_RECORD = 64;

    private TorchCheckpointZipReader() {}

    /**
     * @param file the checkpoint
     * @param channel an open channel on it
     * @param bytes views of the same file
     * @return its content
     * @throws IOException if reading fails
     * @throws WeightFormatException if the archive or its pickle is malformed or not allowed
     */
    static TorchCheckpointContent read(Path file, FileChannel channel, TorchCheckpointBytes bytes)
            throws IOException {
        return read(file, channel, bytes, false);
    }

    /**
     * @param file the checkpoint or TorchScript archive
     * @param channel an open channel on it
     * @param bytes views of the same file
     * @param torchScript whether the file is a TorchScript archive, whose module objects are read as
     *     attribute dicts
     * @return its content
     * @throws IOException if reading fails
     * @throws WeightFormatException if the archive or its pickle is malformed or not allowed
     */
    static TorchCheckpointContent read(Path file, FileChannel channel, TorchCheckpointBytes bytes,
            boolean torchScript) throws IOException {
        TorchCheckpointZipDirectory dir = TorchCheckpointZipDirectory.read(file, channel);
        if (dir.names().isEmpty()) {
            throw new WeightFormatException(file, "zip archive is empty");
        }
        String first = dir.names().get(0);
        int slash = first.indexOf('/');
        if (slash <= 0) {
            throw new WeightFormatException(file, "record " + UntrustedText.quote(first)
                    + " is not inside an archive folder;"
                    + (torchScript ? " not a TorchScript archive" : " not a torch.save checkpoint"));
        }
        String prefix = first.substring(0, slash + 1);
        checkByteOrder(file, channel, dir, prefix);
        checkVersion(file, channel, dir, prefix);

        TorchCheckpointZipDirectory.Record pickle = dir.record(prefix + "data.pkl").orElseThrow(
                () -> new WeightFormatException(file, "zip archive has no " + prefix + "data.pkl; not a "
                        + (torchScript ? "TorchScript archive written by torch.jit.save" : "torch.save checkpoint")));
        if (pickle.size() > MAX_PICKLE_BYTES) {
            throw new WeightFormatException(file, pickle.name() + " is " + pickle.size() + " bytes; at most "
                    + MAX_PICKLE_BYTES + " are accepted");
        }
        ByteBuffer pickleBytes = bytes.region(pickle.offset(), pickle.size());
        CRC32 crc = new CRC32();
        crc.update(pickleBytes.duplicate());
        if ((int) crc.getValue() != pickle.crc32()) {
            throw new WeightFormatException(file, pickle.name() + " fails its CRC check (corrupt file)");
        }
        TorchCheckpointObjects objects = new TorchCheckpointObjects(file, pickle.name(),
                TorchCheckpointObjects.PersistentIds.ZIP, torchScript, channel.size());
        Object root = new PickleMachine(file, pickle.name(), pickleBytes, objects).run();

        Map<String, Long> offsets = new HashMap<>();
        for (TorchCheckpointStorage storage : objects.storages().values()) {
            String name = prefix + "data/" + storage.key();
            TorchCheckpointZipDirectory.Record data = dir.record(name).orElseThrow(
                    () -> new WeightFormatException(file, "zip archive has no record " + name + " for " + storage));
            if (data.size() != storage.byteSize()) {
                throw new WeightFormatException(file, "record " + name + " holds " + data.size() + " bytes but "
                        + storage + " needs " + storage.byteSize());
            }
            offsets.put(storage.key(), data.offset());
        }
        return new TorchCheckpointContent(root, offsets);
    }

    private static void checkByteOrder(Path file, FileChannel channel, TorchCheckpointZipDirectory dir,
            String prefix) throws IOException {
        Optional<String> order = smallRecord(file, channel, dir, prefix + "byteorder");
        if (order.isPresent() && !order.get().equals("little")) {
            throw new WeightFormatException(file, "checkpoint byte order is '" + order.get()
                    + "'; only little-endian checkpoints are supported");
        }
    }

    private static void checkVersion(Path file, FileChannel channel, TorchCheckpointZipDirectory dir,
            String prefix) throws IOException {
        Optional<String> version = smallRecord(file, channel, dir, prefix + "version");
        if (version.isEmpty()) {
            version = smallRecord(file, channel, dir, prefix + ".data/version");
        }
        if (version.isPresent()) {
            String v = version.get();
            if (!v.matches("[0-9]{1,3}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > MAX_FORMAT_VERSION) {
                throw new WeightFormatException(file, "unsupported archive format version " + UntrustedText.quote(v));
            }
        }
    }

    private static Optional<String> smallRecord(Path file, FileChannel channel, TorchCheckpointZipDirectory dir,
            String name) throws IOException {
        Optional<TorchCheckpointZipDirectory.Record> r = dir.record(name);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        if (r.get().size() > MAX_SMALL_RECORD) {
            throw new WeightFormatException(file, "record " + name + " is " + r.get().size() + " bytes long");
        }
        ByteBuffer b = TorchCheckpointZipDirectory.readFully(file, channel, r.get().offset(), (int) r.get().size());
        return Optional.of(StandardCharsets.US_ASCII.decode(b).toString().trim());
    }
}
